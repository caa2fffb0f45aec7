import { audit } from '../account/audit';
import { startOrganisationErasure } from '../account/erase';
import type { AccessClaims } from '../auth/access-token';
import { AppError } from '../errors';
import { withLock } from '../store/locks';
import type { Deps } from '../deps';
import type { Client } from '../lib/client';
import { consumeLimit, LIMITS } from '../auth/rate-limit';
import { stepUp, type StepUpInput } from './step-up';
import { addList, FIRST_LIST_NAME } from '../tasks/lists';
import { underMembersLock } from './members';
import { addMembership, membersOf, type Member } from './membership';
import { membershipKey } from '../store/memberships';
import { canManageMembers } from './roles';
import { monthOf } from '../store/task-words.mjs';

/** A new organisation with the caller as its owner (the header's "New organisation"); each one stored counts against a limit. */
export async function createOrganisation(deps: Deps, claims: AccessClaims, name: string): Promise<{ id: string; name: string }> {
  await consumeLimit(deps, LIMITS.organisationsPerAccount, claims.userId);
  const organisation = await deps.db.orm.organisations.create({
    name,
    requireSecondFactor: false,
    timeZone: null,
    searchFrom: monthOf(deps.clock()),
  });
  await addMembership(deps, claims.userId, organisation, 'owner');
  await addList(deps, organisation._id, claims.userId, FIRST_LIST_NAME);
  await audit(deps, {
    type: 'organisation.created',
    organisationId: organisation._id,
    actorId: claims.userId,
    actorEmail: claims.email,
    detail: name,
  });
  return { id: organisation._id, name: organisation.name };
}

/** Renames the organisation (owners and admins). */
export async function renameOrganisation(deps: Deps, member: Member, name: string): Promise<void> {
  if (!canManageMembers(member.role)) throw new AppError('FORBIDDEN');
  await deps.db.orm.organisations.where({ _id: member.organisationId }).update({ name });
  await deps.db.orm.memberships.where({ organisationId: member.organisationId }).updateAll({ organisationName: name });
  await audit(deps, {
    type: 'organisation.renamed',
    organisationId: member.organisationId,
    actorId: member.userId,
    actorEmail: member.email,
    detail: name,
  });
}

/**
 * Hands ownership to another member: under the members lock, the new owner is made owner
 * first and the old one becomes an admin after, so that at every moment the organisation has
 * at least one owner (FerretDB has no transactions to make the two writes one).
 */
export async function transferOwnership(
  deps: Deps,
  actor: Member,
  userId: string,
  input: StepUpInput,
  client: Client,
): Promise<void> {
  const { db } = deps;
  if (actor.role !== 'owner') throw new AppError('FORBIDDEN');
  await stepUp(deps, actor, input, client);
  let organisationName = '';
  let newOwner = '';
  await underMembersLock(deps, actor, userId, async (me, target) => {
    if (me.role !== 'owner') throw new AppError('FORBIDDEN');
    if (target.id === me.userId) throw new AppError('NOT_FOUND');
    await db.orm.memberships.where({ _id: target.membershipId }).update({ role: 'owner' });
    await db.orm.memberships.where({ key: membershipKey(me.userId, me.organisationId) }).update({ role: 'admin' });
    organisationName = (await db.orm.organisations.where({ _id: me.organisationId }).select('name').first())?.name ?? '';
    newOwner = target.email;
    await audit(deps, {
      type: 'ownership.transferred',
      organisationId: me.organisationId,
      userId: target.id,
      actorId: me.userId,
      actorEmail: me.email,
      targetEmail: target.email,
    });
  });
  await deps.comms.send(newOwner, { kind: 'ownership-transferred', organisationName, from: actor.email });
}

/**
 * Deletes the organisation (owners, after typing its name): its tasks, invitations and
 * memberships go, and every member is told by email. Their accounts stay.
 */
export async function deleteOrganisation(
  deps: Deps,
  actor: Member,
  typedName: string,
  input: StepUpInput,
  client: Client,
): Promise<void> {
  const { db } = deps;
  if (actor.role !== 'owner') throw new AppError('FORBIDDEN');
  await stepUp(deps, actor, input, client);
  await withLock(deps, `members:${actor.organisationId}`, async () => {
    const mine = await db.orm.memberships
      .where({ key: membershipKey(actor.userId, actor.organisationId) })
      .select('role')
      .first();
    if (mine?.role !== 'owner') throw new AppError('FORBIDDEN');
    const organisation = await db.orm.organisations.where({ _id: actor.organisationId }).select('name').first();
    if (!organisation) throw new AppError('NOT_FOUND');
    if (typedName.trim() !== organisation.name.trim()) throw new AppError('CONFIRMATION_MISMATCH');
    const members = await membersOf(deps, actor.organisationId);
    const emails = await Promise.all(members.map((m) => db.orm.users.where({ _id: m.userId }).select('email').first()));
    // Memberships go first, under this lock; a run cut short is finished by the housekeeping.
    await startOrganisationErasure(
      deps,
      actor.organisationId,
      emails.flatMap((user) => (user ? [user.email] : [])),
      actor.email,
    );
  });
}
