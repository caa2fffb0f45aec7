import type { AccessClaims } from '../auth/access-token';
import { AppError } from '../errors';
import type { Deps } from '../deps';
import { hasAuthenticator } from '../mfa/authenticator';
import { passkeysOf } from '../mfa/passkeys';
import { recoveryCodesLeft } from '../mfa/recovery-codes';
import { membershipsOf } from '../organisation/membership';
import { listSessions } from './sessions';
import { notificationSettings } from './notifications';

/**
 * Everything the account holds, for "Your data": profile, membership, live sessions, second
 * factors, the tasks it created in the organisations it is in now, and its security activity.
 * Selected field by field: no hash, token, secret or public key. A task written in an
 * organisation the person has left belongs to that organisation: others may have edited it
 * since, and the person no longer may read it.
 */
export async function exportAccountData(deps: Deps, claims: AccessClaims) {
  const { db } = deps;
  const user = await db.orm.users
    .where({ _id: claims.userId })
    .select('_id', 'email', 'name', 'verified', 'firstSignInAt', 'createdAt', 'passwordHash')
    .first();
  if (!user) throw new AppError('UNAUTHENTICATED');
  const [memberships, tasks, comments, settings, sessions, activity, authenticator, passkeys, codesLeft] = await Promise.all([
    membershipsOf(deps, user._id).then((rows) =>
      rows.map((m) => ({ organisationId: m.organisationId, name: m.organisationName, role: m.role, joinedAt: m.createdAt })),
    ),
    db.orm.tasks
      .where({ createdBy: user._id })
      .select('_id', 'organisationId', 'title', 'notes', 'done', 'dueDate', 'createdAt', 'updatedAt')
      .all(),
    db.orm.taskComments
      .where({ authorId: user._id })
      .select('_id', 'organisationId', 'taskId', 'body', 'createdAt', 'editedAt')
      .all(),
    notificationSettings(deps, claims),
    listSessions(deps, claims),
    db.orm.auditEvents
      .where({ userId: user._id })
      .select('type', 'createdAt', 'actorEmail', 'targetEmail', 'detail', 'ip', 'device')
      .all(),
    hasAuthenticator(deps, user._id),
    passkeysOf(deps, user._id),
    recoveryCodesLeft(deps, user._id),
  ]);
  return {
    exportedAt: deps.clock(),
    profile: {
      id: user._id,
      email: user.email,
      name: user.name ?? null,
      verified: user.verified,
      passwordSet: user.passwordHash !== null,
      createdAt: user.createdAt,
      firstSignInAt: user.firstSignInAt ?? null,
    },
    memberships,
    sessions: sessions.map(({ current, ...session }) => ({ ...session, thisDevice: current })),
    secondFactors: {
      authenticatorApp: authenticator,
      passkeys: passkeys.map(({ name, createdAt, lastUsedAt }) => ({ name, createdAt, lastUsedAt })),
      recoveryCodesLeft: codesLeft,
    },
    tasksCreated: tasks
      .filter((task) => memberships.some((m) => m.organisationId === task.organisationId))
      .map(({ _id, ...task }) => ({ id: _id, ...task })),
    // Like the tasks: the comments written in the organisations the person is in now.
    comments: comments
      .filter((comment) => memberships.some((m) => m.organisationId === comment.organisationId))
      .map(({ _id, ...comment }) => ({ id: _id, ...comment })),
    emailAbout: settings,
    securityActivity: activity
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map(({ createdAt, ...event }) => ({ at: createdAt, ...event })),
  };
}
