import type { Deps } from '../deps';
import type { Member } from '../organisation/membership';
import { claimKey } from '../store/locks';
import { consumeLimit, LIMITS } from '../auth/rate-limit';
import { isAppErrorCode } from '../errors';
import { isMember } from '../store/memberships';
import { namesOf } from './names';
import { unsubscribeUrl, type NotifyKind } from './unsubscribe-link';

/** At most one email per person per task in this long, whatever its kind. */
export const QUIET_MS = 10 * 60_000;

const wants = (user: { notifyMentions?: boolean | null; notifyAssignments?: boolean | null }, kind: NotifyKind) =>
  (kind === 'mentions' ? user.notifyMentions : user.notifyAssignments) !== false;

/**
 * True for the one caller, across every instance, that takes the person's quiet window on a task:
 * an insert into `locks` decides, and an expired window is taken over by the one delete that
 * counts it (the two operations FerretDB does atomically).
 */
async function claimQuietWindow(deps: Pick<Deps, 'db' | 'clock'>, key: string): Promise<boolean> {
  const now = deps.clock();
  const until = new Date(now.getTime() + QUIET_MS);
  if (await claimKey(deps, key, until)) return true;
  const held = await deps.db.orm.locks.where({ key }).select('_id', 'expiresAt').first();
  if (held && held.expiresAt > now) return false;
  if (held && (await deps.db.orm.locks.where({ _id: held._id }).deleteAndCount()) !== 1) return false;
  return claimKey(deps, key, until);
}

/** The person's hourly allowance of task emails (LIMITS.taskEmailsPerPerson), counted first. */
async function withinHourly(deps: Deps, userId: string): Promise<boolean> {
  try {
    await consumeLimit(deps, LIMITS.taskEmailsPerPerson, userId);
    return true;
  } catch (error) {
    if (isAppErrorCode(error, 'RATE_LIMITED')) return false;
    throw error;
  }
}

export interface TaskNamed {
  id: string;
  title: string;
  dueDate?: string | null;
}

/**
 * Emails the people a member named on a task (assigned it to them, mentioned them), through the
 * outbox: never the member who acted, never a person who turned the kind off or left the
 * organisation, at most once per person per task per 10 minutes. After the change is saved: an
 * email that cannot be queued is logged, never the change's failure.
 */
export async function notifyPeople(
  deps: Deps,
  member: Member,
  task: TaskNamed,
  kind: NotifyKind,
  userIds: string[],
  comment = '',
): Promise<void> {
  const people = [...new Set(userIds)].filter((id) => id !== member.userId);
  if (people.length === 0) return;
  try {
    const [names, organisation] = await Promise.all([
      namesOf(deps.db, [member.userId]),
      deps.db.orm.organisations.where({ _id: member.organisationId }).select('name').first(),
    ]);
    const by = names.get(member.userId) ?? member.email;
    for (const userId of people) {
      const user = await deps.db.orm.users.where({ _id: userId }).select('email', 'notifyMentions', 'notifyAssignments').first();
      if (!user || !wants(user, kind) || !(await isMember(deps.db, member.organisationId, userId))) continue;
      if (!(await claimQuietWindow(deps, `notify:${userId}:${task.id}`))) continue;
      if (!(await withinHourly(deps, userId))) continue;
      const common = {
        by,
        taskTitle: task.title,
        organisationName: organisation?.name ?? '',
        unsubscribeUrl: unsubscribeUrl(deps.config, userId, kind),
      };
      await deps.comms.send(
        user.email,
        kind === 'mentions'
          ? { kind: 'task-mentioned', ...common, comment }
          : { kind: 'task-assigned', ...common, dueDate: task.dueDate ?? null },
      );
    }
  } catch (error) {
    deps.log.warn('task email not queued', { kind, reason: (error as Error).message });
  }
}
