import { AppError } from '../errors';
import type { Deps } from '../deps';
import type { Member } from '../organisation/membership';
import { listsOf } from './lists';
import { DELETED_USER, namesOf } from './names';

export type ActivityKind = 'created' | 'assigned' | 'due' | 'moved' | 'completed' | 'reopened' | 'commented';

/** What a kind records: ids and days, never names (a renamed member or list reads as it is now). */
export interface ActivityData {
  assigneeId?: string | null;
  dueDate?: string | null;
  fromListId?: string;
  toListId?: string;
}

export interface ActivityView {
  id: string;
  kind: ActivityKind;
  /** Who did it: a display name, or "deleted user". */
  by: string;
  at: Date;
  assignee?: string | null;
  dueDate?: string | null;
  from?: string;
  to?: string;
}

/** The newest this many are shown; a task's history rarely runs longer. */
const SHOWN = 100;

/**
 * Records what a member did to a task, after the change is saved: a record that cannot be
 * written costs the task's history a line, never the change.
 */
export async function recordActivity(
  deps: Pick<Deps, 'db' | 'clock' | 'log'>,
  member: Pick<Member, 'organisationId' | 'userId'>,
  taskId: string,
  kind: ActivityKind,
  data: ActivityData = {},
): Promise<void> {
  await deps.db.orm.taskActivity
    .create({
      organisationId: member.organisationId,
      taskId,
      actorId: member.userId,
      kind,
      data: JSON.stringify(data),
      at: deps.clock(),
    })
    .catch((error: Error) => deps.log.warn('task activity not written', { kind, reason: error.message }));
}

/** A task's history, newest first, with names as they are now. The caller has checked the task is the member's. */
export async function activityOf(db: Deps['db'], member: Member, taskId: string): Promise<ActivityView[]> {
  const rows = (await db.orm.taskActivity.where({ taskId }).all())
    .sort((a, b) => b.at.getTime() - a.at.getTime() || String(b._id).localeCompare(String(a._id)))
    .slice(0, SHOWN);
  const entries = rows.map((row) => ({ row, data: JSON.parse(row.data) as ActivityData }));
  const [names, lists] = await Promise.all([
    namesOf(
      db,
      entries.flatMap(({ row, data }) => [String(row.actorId), ...(data.assigneeId ? [data.assigneeId] : [])]),
    ),
    entries.some(({ row }) => row.kind === 'moved') ? listsOf(db, member.organisationId) : Promise.resolve([]),
  ]);
  const listName = (id: string | undefined) => lists.find((list) => String(list._id) === id)?.name ?? 'a deleted list';
  return entries.map(({ row, data }) => ({
    id: String(row._id),
    kind: row.kind as ActivityKind,
    by: names.get(String(row.actorId)) ?? DELETED_USER,
    at: row.at,
    ...(row.kind === 'assigned' ? { assignee: data.assigneeId ? (names.get(data.assigneeId) ?? DELETED_USER) : null } : {}),
    ...(row.kind === 'due' ? { dueDate: data.dueDate ?? null } : {}),
    ...(row.kind === 'moved' ? { from: listName(data.fromListId), to: listName(data.toListId) } : {}),
  }));
}

/** A task's history for its panel: the caller's organisation's task, or NOT_FOUND. */
export async function listActivity({ db }: Deps, member: Member, taskId: string): Promise<ActivityView[]> {
  const task = await db.orm.tasks.where({ _id: taskId }).select('organisationId').first();
  if (!task || String(task.organisationId) !== member.organisationId) throw new AppError('NOT_FOUND');
  return activityOf(db, member, taskId);
}
