import { revokeUserRefreshTokens } from '../auth/sessions';
import { AppError } from '../errors';
import { withLock } from '../lib/lock';
import type { Deps } from '../services';
import type { Member } from './membership';
import { asRole, canManageMembers, type Role } from './roles';

export interface MemberView {
  id: string;
  email: string;
  role: Role;
  passwordSet: boolean;
  joinedAt: Date;
}

/** Everyone in the caller's organisation. */
export async function listMembers({ db }: Deps, member: Member): Promise<MemberView[]> {
  const users = await db.orm.users
    .where({ organisationId: member.organisationId })
    .select('_id', 'email', 'role', 'passwordHash', 'createdAt')
    .orderBy({ createdAt: 1 })
    .all();
  return users.map((u) => ({
    id: u._id,
    email: u.email,
    role: asRole(u.role),
    passwordSet: u.passwordHash !== null,
    joinedAt: u.createdAt,
  }));
}

async function findTarget({ db }: Deps, member: Member, userId: string) {
  const target = await db.orm.users.where({ _id: userId, organisationId: member.organisationId }).select('_id', 'role').first();
  if (!target) throw new AppError('NOT_FOUND');
  return { id: target._id, role: asRole(target.role) };
}

function assertMayChange(actor: Member, targetRole: Role, newRole?: Role): void {
  if (!canManageMembers(actor.role)) throw new AppError('FORBIDDEN');
  if ((targetRole === 'owner' || newRole === 'owner') && actor.role !== 'owner') throw new AppError('FORBIDDEN');
}

/**
 * Runs a change that may take the owner role from someone, under the organisation's owner
 * lock, refusing it if nobody else would remain owner.
 */
async function keepingAnOwner(deps: Deps, member: Member, targetId: string, change: () => Promise<void>): Promise<void> {
  await withLock(deps, `owners:${member.organisationId}`, async () => {
    const owners = await deps.db.orm.users.where({ organisationId: member.organisationId, role: 'owner' }).select('_id').all();
    if (owners.every((o) => o._id === targetId)) throw new AppError('LAST_OWNER');
    await change();
  });
}

/** Changes a member's role (owners and admins; only owners grant or take the owner role). */
export async function changeRole(deps: Deps, actor: Member, userId: string, role: Role): Promise<void> {
  const target = await findTarget(deps, actor, userId);
  assertMayChange(actor, target.role, role);
  const apply = async () => {
    await deps.db.orm.users.where({ _id: target.id, organisationId: actor.organisationId }).update({ role });
  };
  if (target.role === 'owner' && role !== 'owner') await keepingAnOwner(deps, actor, target.id, apply);
  else await apply();
}

/** Removes a member: their account, their sessions and their links go; their tasks stay. */
export async function removeMember(deps: Deps, actor: Member, userId: string): Promise<void> {
  const target = await findTarget(deps, actor, userId);
  if (target.id !== actor.userId) assertMayChange(actor, target.role);
  const remove = async () => {
    await deps.db.orm.users.where({ _id: target.id, organisationId: actor.organisationId }).delete();
    await revokeUserRefreshTokens(deps, target.id);
    await deps.db.orm.passwordTokens.where({ userId: target.id }).deleteAll();
  };
  if (target.role === 'owner') await keepingAnOwner(deps, actor, target.id, remove);
  else await remove();
}
