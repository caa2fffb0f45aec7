// Prisma 8's guide names this import for range filters until the façade re-exports it (docs/database.md).
import { MongoFieldFilter } from '@prisma/orm-mongo/query-ast/execution';
import { AppError } from '../errors';
import type { Member } from '../organisation/membership';
import type { Deps } from '../deps';

export interface TaskView {
  id: string;
  title: string;
  notes: string;
  done: boolean;
  dueDate: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

interface TaskRow {
  _id: string;
  title: string;
  notes: string;
  done: boolean;
  dueDate: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

// A due date is a calendar day, not an instant: it travels as YYYY-MM-DD.
const toDay = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);
const fromDay = (day: string | null | undefined) => (day ? new Date(`${day}T00:00:00.000Z`) : null);

function view(row: TaskRow): TaskView {
  return {
    id: row._id,
    title: row.title,
    notes: row.notes,
    done: row.done,
    dueDate: toDay(row.dueDate),
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * A page of the organisation's tasks, newest first. The cursor is the last task's creation
 * time: the (organisationId, createdAt) index serves both the filter and the order.
 */
export async function listTasks(
  { db }: Deps,
  member: Member,
  { cursor, limit }: { cursor?: string | undefined; limit: number },
): Promise<{ tasks: TaskView[]; nextCursor: Date | null }> {
  let query = db.orm.tasks.where({ organisationId: member.organisationId });
  if (cursor) query = query.where(MongoFieldFilter.lt('createdAt', new Date(cursor)));
  const rows = await query
    .orderBy({ createdAt: -1 })
    .limit(limit + 1)
    .all();
  const tasks = rows.slice(0, limit).map(view);
  return { tasks, nextCursor: rows.length > limit ? tasks[tasks.length - 1]!.createdAt : null };
}

export async function createTask(
  { db, clock }: Deps,
  member: Member,
  input: { title: string; notes: string; dueDate?: string | null | undefined },
): Promise<TaskView> {
  const now = clock();
  const row = await db.orm.tasks.create({
    organisationId: member.organisationId,
    title: input.title,
    notes: input.notes,
    done: false,
    dueDate: fromDay(input.dueDate),
    createdBy: member.userId,
    createdAt: now,
    updatedAt: now,
  });
  return view(row);
}

/** Changes a task of the caller's organisation; a task elsewhere is NOT_FOUND, and unchanged. */
export async function updateTask(
  { db, clock }: Deps,
  member: Member,
  id: string,
  changes: {
    title?: string | undefined;
    notes?: string | undefined;
    dueDate?: string | null | undefined;
    done?: boolean | undefined;
  },
): Promise<TaskView> {
  const set: { title?: string; notes?: string; dueDate?: Date | null; done?: boolean; updatedAt: Date } = { updatedAt: clock() };
  if (changes.title !== undefined) set.title = changes.title;
  if (changes.notes !== undefined) set.notes = changes.notes;
  if (changes.dueDate !== undefined) set.dueDate = fromDay(changes.dueDate);
  if (changes.done !== undefined) set.done = changes.done;
  const row = await db.orm.tasks.where({ _id: id, organisationId: member.organisationId }).update(set);
  if (!row) throw new AppError('NOT_FOUND');
  return view(row);
}

export async function deleteTask({ db }: Deps, member: Member, id: string): Promise<void> {
  const deleted = await db.orm.tasks.where({ _id: id, organisationId: member.organisationId }).deleteAndCount();
  if (deleted !== 1) throw new AppError('NOT_FOUND');
}
