import type { Deps } from '../deps';
import type { Member } from '../organisation/membership';
import { claimExpiring } from '../store/locks';
import { consumeLimit, LIMITS } from '../auth/rate-limit';
import { isAppErrorCode } from '../errors';
import { isMember } from '../store/memberships';
import { namesOf } from './names';
import { unsubscribeUrl, type NotifyKind } from './unsubscribe-link';

/** At most one email per person per task in this long, whatever its kind. */
export const QUIET_MS = 10 * 60_000;

const wants = (user: { notifyMentions?: boolean | null; notifyAssignments?: boolean | null }, kind: NotifyKind) =>
  (kind === 'mentions' ? user.notifyMentions : user.notifyAssignments) !== false;

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
    // Who acted and where: read once, and only when someone is to be emailed.
    let sender: Promise<{ by: string; organisationName: string }> | null = null;
    const senderOf = () =>
      (sender ??= Promise.all([
        namesOf(deps.db, [member.userId]),
        deps.db.orm.organisations.where({ _id: member.organisationId }).select('name').first(),
      ]).then(([names, organisation]) => ({
        by: names.get(member.userId) ?? member.email,
        organisationName: organisation?.name ?? '',
      })));
    for (const userId of people) {
      const user = await deps.db.orm.users.where({ _id: userId }).select('email', 'notifyMentions', 'notifyAssignments').first();
      if (!user || !wants(user, kind) || !(await isMember(deps.db, member.organisationId, userId))) continue;
      // The person's quiet window on the task: one caller across every instance takes it.
      const until = new Date(deps.clock().getTime() + QUIET_MS);
      if (!(await claimExpiring(deps, `notify:${userId}:${task.id}`, until))) continue;
      if (!(await withinHourly(deps, userId))) continue;
      const common = { ...(await senderOf()), taskTitle: task.title, unsubscribeUrl: unsubscribeUrl(deps.config, userId, kind) };
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
