import type { AccessClaims } from '../auth/access-token';
import { AppError } from '../errors';
import type { Deps } from '../deps';
import { listSessions } from './sessions';

/**
 * Everything the account holds, for "Your data": profile, membership, live sessions, the
 * tasks it created and its security activity. Selected field by field: no hash or token.
 */
export async function exportAccountData(deps: Deps, claims: AccessClaims) {
  const { db } = deps;
  const user = await db.orm.users
    .where({ _id: claims.userId })
    .select('_id', 'email', 'verified', 'organisationId', 'role', 'firstSignInAt', 'createdAt', 'passwordHash')
    .first();
  if (!user) throw new AppError('UNAUTHENTICATED');
  const [organisation, tasks, sessions, activity] = await Promise.all([
    db.orm.organisations.where({ _id: user.organisationId }).select('_id', 'name', 'createdAt').first(),
    db.orm.tasks
      .where({ createdBy: user._id })
      .select('_id', 'organisationId', 'title', 'notes', 'done', 'dueDate', 'createdAt', 'updatedAt')
      .all(),
    listSessions(deps, claims),
    db.orm.auditEvents
      .where({ userId: user._id })
      .select('type', 'createdAt', 'actorEmail', 'targetEmail', 'detail', 'ip', 'device')
      .all(),
  ]);
  return {
    exportedAt: deps.clock(),
    profile: {
      id: user._id,
      email: user.email,
      verified: user.verified,
      passwordSet: user.passwordHash !== null,
      createdAt: user.createdAt,
      firstSignInAt: user.firstSignInAt ?? null,
    },
    memberships: organisation ? [{ organisationId: organisation._id, name: organisation.name, role: user.role }] : [],
    sessions: sessions.map(({ current, ...session }) => ({ ...session, thisDevice: current })),
    tasksCreated: tasks.map(({ _id, ...task }) => ({ id: _id, ...task })),
    securityActivity: activity
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map(({ createdAt, ...event }) => ({ at: createdAt, ...event })),
  };
}
