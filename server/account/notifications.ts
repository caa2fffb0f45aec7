import type { AccessClaims } from '../auth/access-token';
import { AppError } from '../errors';
import type { Deps } from '../deps';
import { readUnsubscribeToken } from '../tasks/unsubscribe-link';

export interface NotificationSettings {
  /** Emails when someone mentions the person in a comment. */
  mentions: boolean;
  /** Emails when someone assigns the person a task. */
  assignments: boolean;
}

export async function notificationSettings(
  { db }: Pick<Deps, 'db'>,
  claims: Pick<AccessClaims, 'userId'>,
): Promise<NotificationSettings> {
  const user = await db.orm.users.where({ _id: claims.userId }).select('notifyMentions', 'notifyAssignments').first();
  if (!user) throw new AppError('UNAUTHENTICATED');
  return { mentions: user.notifyMentions !== false, assignments: user.notifyAssignments !== false };
}

/** Turns the emails about tasks on or off, each kind on its own. */
export async function setNotificationSettings(
  { db }: Pick<Deps, 'db'>,
  claims: Pick<AccessClaims, 'userId'>,
  settings: Partial<NotificationSettings>,
): Promise<NotificationSettings> {
  const updated = await db.orm.users.where({ _id: claims.userId }).update({
    ...(settings.mentions !== undefined ? { notifyMentions: settings.mentions } : {}),
    ...(settings.assignments !== undefined ? { notifyAssignments: settings.assignments } : {}),
  });
  if (!updated) throw new AppError('UNAUTHENTICATED');
  return { mentions: updated.notifyMentions !== false, assignments: updated.notifyAssignments !== false };
}

/**
 * An email's one-click unsubscribe (RFC 8058): the signed link turns one kind off for one
 * person, and nothing else. An account deleted since is nothing to turn off.
 */
export async function unsubscribe(
  deps: Pick<Deps, 'db' | 'config'>,
  token: string,
): Promise<{ kind: 'mentions' | 'assignments' }> {
  const named = readUnsubscribeToken(deps.config, token);
  if (!named) throw new AppError('INVALID_TOKEN');
  await deps.db.orm.users
    .where({ _id: named.userId })
    .update(named.kind === 'mentions' ? { notifyMentions: false } : { notifyAssignments: false });
  return { kind: named.kind };
}
