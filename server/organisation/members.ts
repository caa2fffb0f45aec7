import { audit } from '../account/audit';
import { eraseAccount } from '../account/erase';
import { AppError } from '../errors';
import { withLock } from '../lib/lock';
import type { Deps } from '../deps';
import { revokeInvitationsSentBy } from './invitations';
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

interface Target {
  id: string;
  email: string;
  role: Role;
}

async function findTarget({ db }: Deps, member: Member, userId: string) {
  const target = await db.orm.users.where({ _id: userId }).select('_id', 'email', 'role', 'organisationId').first();
  if (target?.organisationId !== member.organisationId) throw new AppError('NOT_FOUND');
  return { id: target._id, email: target.email, role: asRole(target.role) };
}

function assertMayChange(actor: Member, targetRole: Role, newRole?: Role): void {
  if (!canManageMembers(actor.role)) throw new AppError('FORBIDDEN');
  if ((targetRole === 'owner' || newRole === 'owner') && actor.role !== 'owner') throw new AppError('FORBIDDEN');
}

/**
 * Runs a membership change under the organisation's lock, with the actor's and the target's
 * roles read inside it: a change decided on roles read earlier could otherwise act on
 * authority the actor has just lost, or leave the organisation without an owner.
 */
async function underMembersLock(
  deps: Deps,
  actor: Member,
  userId: string,
  change: (actor: Member, target: Target) => Promise<void>,
): Promise<void> {
  await withLock(deps, `members:${actor.organisationId}`, async () => {
    const current = await deps.db.orm.users.where({ _id: actor.userId }).select('role', 'organisationId').first();
    if (current?.organisationId !== actor.organisationId) throw new AppError('FORBIDDEN');
    await change({ ...actor, role: asRole(current.role) }, await findTarget(deps, actor, userId));
  });
}

async function assertAnotherOwner({ db }: Deps, organisationId: string, leavingId: string): Promise<void> {
  const members = await db.orm.users.where({ organisationId }).select('_id', 'role').all();
  if (members.every((m) => m.role !== 'owner' || m._id === leavingId)) throw new AppError('LAST_OWNER');
}

/** Changes a member's role (owners and admins; only owners grant or take the owner role). */
export async function changeRole(deps: Deps, actor: Member, userId: string, role: Role): Promise<void> {
  await underMembersLock(deps, actor, userId, async (me, target) => {
    assertMayChange(me, target.role, role);
    if (target.role === 'owner' && role !== 'owner') await assertAnotherOwner(deps, me.organisationId, target.id);
    await deps.db.orm.users.where({ _id: target.id }).update({ role });
    if (!canManageMembers(role)) await revokeInvitationsSentBy(deps, me.organisationId, target.id);
    await audit(deps, {
      type: 'member.role_changed',
      organisationId: me.organisationId,
      userId: target.id,
      actorId: me.userId,
      actorEmail: me.email,
      targetEmail: target.email,
      detail: `${target.role} → ${role}`,
    });
  });
}

/** Removes a member: their account, their sessions, their links and the invitations they sent go; their tasks stay. */
export async function removeMember(deps: Deps, actor: Member, userId: string): Promise<void> {
  await underMembersLock(deps, actor, userId, async (me, target) => {
    if (target.id !== me.userId) assertMayChange(me, target.role);
    if (target.role === 'owner') await assertAnotherOwner(deps, me.organisationId, target.id);
    await eraseAccount(deps, target.id, me.organisationId, 'removed from the organisation');
    const left = target.id === me.userId;
    await audit(deps, {
      type: left ? 'member.left' : 'member.removed',
      organisationId: me.organisationId,
      actorId: me.userId,
      actorEmail: me.email,
      ...(left ? {} : { targetEmail: target.email }),
    });
  });
}
