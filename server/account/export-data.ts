import type { AccessClaims } from '../auth/access-token';
import { AppError } from '../errors';
import type { Deps } from '../deps';
import { membershipsOf } from '../organisation/membership';
import { listSessions } from './sessions';

/**
 * Everything the account holds, for "Your data": profile, membership, live sessions, the
 * tasks it created and its security activity. Selected field by field: no hash or token.
 */
export async function exportAccountData(deps: Deps, claims: AccessClaims) {
  const { db } = deps;
  const user = await db.orm.users
    .where({ _id: claims.userId })
    .select('_id', 'email', 'verified', 'firstSignInAt', 'createdAt', 'passwordHash')
    .first();
  if (!user) throw new AppError('UNAUTHENTICATED');
  const [memberships, tasks, sessions, activity] = await Promise.all([
    membershipsOf(deps, user._id).then((rows) =>
      rows.map((m) => ({ organisationId: m.organisationId, name: m.organisationName, role: m.role, joinedAt: m.createdAt })),
    ),
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
    memberships,
    sessions: sessions.map(({ current, ...session }) => ({ ...session, thisDevice: current })),
    tasksCreated: tasks.map(({ _id, ...task }) => ({ id: _id, ...task })),
    securityActivity: activity
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map(({ createdAt, ...event }) => ({ at: createdAt, ...event })),
  };
}
