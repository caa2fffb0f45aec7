import { publish } from '../live/publish';
import { audit } from '../account/audit';
import { displayNameOf } from '../account/display-name';
import { AppError } from '../errors';
import { withLock } from '../store/locks';
import type { Deps } from '../deps';
import type { Client } from '../lib/client';
import { stepUp, type StepUpInput } from './step-up';
import { consumeLimit, LIMITS } from '../auth/rate-limit';
import { startJob } from '../jobs/run';
import { revokeInvitationsSentBy } from './invitations';
import { removeMemberJob } from './member-removal';
import { membersOf, type Member } from './membership';
import { membershipKey } from '../store/memberships';
import { asRole, canManageMembers, type Role } from './roles';

export interface MemberView {
  id: string;
  name: string;
  email: string;
  role: Role;
  passwordSet: boolean;
  joinedAt: Date;
}

/** Everyone in the caller's organisation, in the order they joined. */
export async function listMembers(deps: Deps, member: Member): Promise<MemberView[]> {
  const memberships = (await membersOf(deps, member.organisationId)).sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime(),
  );
  const users = await Promise.all(
    memberships.map((m) => deps.db.orm.users.where({ _id: m.userId }).select('email', 'name', 'passwordHash').first()),
  );
  return memberships.flatMap((m, i) => {
    const user = users[i];
    return user
      ? [
          {
            id: m.userId,
            name: displayNameOf(user),
            email: user.email,
            role: asRole(m.role),
            passwordSet: user.passwordHash !== null,
            joinedAt: m.createdAt,
          },
        ]
      : [];
  });
}

interface Target {
  id: string;
  membershipId: string;
  email: string;
  role: Role;
}

async function findTarget({ db }: Deps, member: Member, userId: string): Promise<Target> {
  const [membership, user] = await Promise.all([
    db.orm.memberships
      .where({ key: membershipKey(userId, member.organisationId) })
      .select('_id', 'role')
      .first(),
    db.orm.users.where({ _id: userId }).select('email').first(),
  ]);
  if (!membership || !user) throw new AppError('NOT_FOUND');
  return { id: userId, membershipId: membership._id, email: user.email, role: asRole(membership.role) };
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
export async function underMembersLock(
  deps: Deps,
  actor: Member,
  userId: string,
  change: (actor: Member, target: Target) => Promise<void>,
): Promise<void> {
  await withLock(deps, `members:${actor.organisationId}`, async () => {
    const current = await deps.db.orm.memberships
      .where({ key: membershipKey(actor.userId, actor.organisationId) })
      .select('role')
      .first();
    if (!current) throw new AppError('NOT_FOUND');
    await change({ ...actor, role: asRole(current.role) }, await findTarget(deps, actor, userId));
  });
}

/** Refuses a change that would leave the organisation without an owner. */
export async function assertAnotherOwner(deps: Deps, organisationId: string, leavingId: string): Promise<void> {
  const members = await membersOf(deps, organisationId);
  if (members.every((m) => m.role !== 'owner' || m.userId === leavingId)) throw new AppError('LAST_OWNER');
}

/**
 * Changes a member's role (owners and admins; only owners grant or take the owner role). Making
 * someone an owner asks for the step-up first (server/organisation/step-up.ts).
 */
export async function changeRole(
  deps: Deps,
  actor: Member,
  userId: string,
  role: Role,
  input: StepUpInput,
  client: Client,
): Promise<void> {
  if (role === 'owner') {
    if (actor.role !== 'owner') throw new AppError('FORBIDDEN');
    await stepUp(deps, actor, input, client);
  }
  // A change emails the member: counted per acting account.
  await consumeLimit(deps, LIMITS.challengesPerAccount, actor.userId);
  await underMembersLock(deps, actor, userId, async (me, target) => {
    assertMayChange(me, target.role, role);
    if (target.role === 'owner' && role !== 'owner') await assertAnotherOwner(deps, me.organisationId, target.id);
    await deps.db.orm.memberships.where({ _id: target.membershipId }).update({ role });
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
    if (target.role !== role) {
      await publish(deps, me, 'members.changed', { userId: target.id });
      const organisationName = await nameOf(deps, me.organisationId);
      await deps.comms.send(target.email, { kind: 'role-changed', organisationName, role, by: me.email });
    }
  });
}

const nameOf = async ({ db }: Deps, organisationId: string) =>
  (await db.orm.organisations.where({ _id: organisationId }).select('name').first())?.name ?? 'an organisation';

/**
 * Takes a member out of the organisation (or the caller leaves): that membership and the
 * invitations they sent there go; their account, sessions and other organisations stay, and
 * their calls naming this organisation are refused from the next one on.
 */
export async function removeMember(deps: Deps, actor: Member, userId: string): Promise<void> {
  await underMembersLock(deps, actor, userId, async (me, target) => {
    const leaving = target.id === me.userId;
    if (!leaving) assertMayChange(me, target.role);
    if (target.role === 'owner') await assertAnotherOwner(deps, me.organisationId, target.id);
    // Its first step removes the membership under this lock; a run cut short is finished by the housekeeping.
    await startJob(deps, removeMemberJob, target.membershipId, {
      organisationId: me.organisationId,
      organisationName: await nameOf(deps, me.organisationId),
      membershipId: target.membershipId,
      userId: target.id,
      email: target.email,
      leaving,
      actorId: me.userId,
      actorEmail: me.email,
    });
  });
}
