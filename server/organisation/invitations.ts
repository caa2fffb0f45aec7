import { issuePasswordToken } from '../auth/password-tokens';
import { unverifiedUser } from '../auth/new-user';
import { claimPeeked, countEmail, peekLink, sendLink, type LinkStore } from '../auth/emailed-links';
import { consumeLimit, LIMITS } from '../auth/rate-limit';
import type { Client } from '../lib/client';
import { addSeconds } from '../auth/tokens';
import { audit } from '../account/audit';
import type { AccessClaims } from '../auth/access-token';
import { AppError } from '../errors';
import type { Deps } from '../deps';
import { publish } from '../live/publish';
import { addMembership, type Member } from './membership';
import { membershipKey } from '../store/memberships';
import { asRole, canManageMembers, type Role } from './roles';

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  expiresAt: Date;
}

/** Invites an email into the caller's organisation: a single-use link, replacing any earlier one. */
export async function inviteMember(
  deps: Deps,
  actor: Member,
  email: string,
  role: Role,
  client: Client,
): Promise<InvitationView> {
  const { db, comms, config } = deps;
  if (!canManageMembers(actor.role)) throw new AppError('FORBIDDEN');
  if (role === 'owner') throw new AppError('FORBIDDEN');
  await countEmail(deps, email, client);

  const organisation = await db.orm.organisations.where({ _id: actor.organisationId }).select('name').first();
  const invitation = await sendLink(invitationLinks(deps), { actor, email, role }, (token, row) =>
    comms.send(
      email,
      {
        kind: 'invitation',
        url: `${config.APP_URL}/join?token=${token}`,
        organisationName: organisation?.name ?? 'your team',
        invitedBy: actor.email,
        role,
      },
      { collection: 'invitations', id: row._id },
    ),
  );
  await audit(deps, {
    type: 'invitation.sent',
    organisationId: actor.organisationId,
    actorId: actor.userId,
    actorEmail: actor.email,
    targetEmail: email,
    detail: role,
  });
  return { id: invitation._id, email, role, expiresAt: invitation.expiresAt };
}

interface Invitee {
  actor: Member;
  email: string;
  role: Role;
}
interface FoundInvitation {
  _id: string;
  email: string;
  role: string;
  organisationId: string;
  invitedBy: string;
  expiresAt: Date;
}

/** Invitation links: one per organisation and address. */
function invitationLinks({ db, clock, config }: Deps): LinkStore<Invitee, { _id: string; expiresAt: Date }, FoundInvitation> {
  return {
    replace: async ({ actor, email }) => {
      const earlier = await db.orm.invitations.where({ email }).select('_id', 'organisationId').all();
      await Promise.all(
        earlier
          .filter((i) => i.organisationId === actor.organisationId)
          .map(({ _id }) => db.orm.invitations.where({ _id }).delete()),
      );
    },
    insert: ({ actor, email, role }, tokenHash) =>
      db.orm.invitations.create({
        tokenHash,
        organisationId: actor.organisationId,
        email,
        role,
        invitedBy: actor.userId,
        expiresAt: addSeconds(clock(), config.INVITATION_TTL),
      }),
    find: (tokenHash) =>
      db.orm.invitations.where({ tokenHash }).select('_id', 'email', 'role', 'organisationId', 'invitedBy', 'expiresAt').first(),
    remove: (_id) => db.orm.invitations.where({ _id }).deleteAndCount(),
  };
}

/** Pending, unexpired invitations of the caller's organisation (owners and admins). */
export async function listInvitations({ db, clock }: Deps, actor: Member): Promise<InvitationView[]> {
  if (!canManageMembers(actor.role)) throw new AppError('FORBIDDEN');
  const rows = await db.orm.invitations
    .where({ organisationId: actor.organisationId })
    .select('_id', 'email', 'role', 'expiresAt')
    .orderBy({ createdAt: -1 })
    .all();
  const now = clock();
  return rows
    .filter((r) => r.expiresAt > now)
    .map((r) => ({ id: r._id, email: r.email, role: asRole(r.role), expiresAt: r.expiresAt }));
}

/** Revokes a pending invitation of the caller's organisation. */
export async function revokeInvitation(deps: Deps, actor: Member, invitationId: string): Promise<void> {
  const { db } = deps;
  if (!canManageMembers(actor.role)) throw new AppError('FORBIDDEN');
  const invitation = await db.orm.invitations.where({ _id: invitationId }).select('organisationId', 'email').first();
  if (invitation?.organisationId !== actor.organisationId) throw new AppError('NOT_FOUND');
  if ((await db.orm.invitations.where({ _id: invitationId }).deleteAndCount()) !== 1) throw new AppError('NOT_FOUND');
  await audit(deps, {
    type: 'invitation.revoked',
    organisationId: actor.organisationId,
    actorId: actor.userId,
    actorEmail: actor.email,
    targetEmail: invitation.email,
  });
}

export type Acceptance =
  /** A new person: they choose a password next. */
  | { kind: 'choose-password'; passwordToken: string; email: string; organisationName: string }
  /** Someone with an account, signed in with the invited address: they are in. */
  | { kind: 'joined'; organisationId: string; organisationName: string };

/**
 * Accepts an invitation: the link proves the address, so its owner joins the inviting
 * organisation with the invited role. A new person goes on to choose a password; a person who
 * has an account must accept signed in as that address (SIGN_IN_TO_ACCEPT until then: the
 * link stays usable), and simply gains the membership. Nobody leaves another organisation.
 */
export async function acceptInvitation(
  deps: Deps,
  token: string,
  client: Client,
  caller: AccessClaims | null,
): Promise<Acceptance> {
  const { db, clock } = deps;
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  const links = invitationLinks(deps);
  const found = await peekLink(links, token, clock());
  if (!found) throw new AppError('INVALID_TOKEN');
  // The invitation speaks for whoever sent it: it holds only while they may still invite.
  const inviter = await db.orm.memberships
    .where({ key: membershipKey(found.invitedBy, found.organisationId) })
    .select('role')
    .first();
  if (!inviter || !canManageMembers(asRole(inviter.role))) {
    await links.remove(found._id);
    throw new AppError('INVALID_TOKEN');
  }
  const existing = await db.orm.users.where({ email: found.email }).select('_id', 'passwordHash').first();
  if (existing?.passwordHash && caller?.userId !== existing._id) throw new AppError('SIGN_IN_TO_ACCEPT');
  if (!(await claimPeeked(links, found, clock()))) throw new AppError('INVALID_TOKEN');

  const role = asRole(found.role);
  const userId = existing?._id ?? (await db.orm.users.create(unverifiedUser(found.email)))._id;
  const organisation = await db.orm.organisations.where({ _id: found.organisationId }).select('_id', 'name').first();
  if (!organisation) throw new AppError('INVALID_TOKEN');
  if (await addMembership(deps, userId, organisation, role)) {
    await publish(deps, { organisationId: found.organisationId }, 'members.changed', { userId });
  }
  await audit(deps, {
    type: 'invitation.accepted',
    organisationId: found.organisationId,
    userId,
    actorId: userId,
    actorEmail: found.email,
    detail: role,
  });
  const organisationName = organisation.name;
  if (existing?.passwordHash) {
    await deps.comms.send(found.email, { kind: 'added-to-organisation', organisationName, role });
    return { kind: 'joined', organisationId: found.organisationId, organisationName };
  }
  return {
    kind: 'choose-password',
    passwordToken: await issuePasswordToken(deps, { _id: userId, email: found.email }),
    email: found.email,
    organisationName,
  };
}

/** Invitations someone sent stop working when they can no longer invite. */
export async function revokeInvitationsSentBy({ db }: Pick<Deps, 'db'>, organisationId: string, userId: string): Promise<void> {
  const sent = await db.orm.invitations.where({ invitedBy: userId }).select('_id', 'organisationId').all();
  await Promise.all(
    sent.filter((i) => i.organisationId === organisationId).map(({ _id }) => db.orm.invitations.where({ _id }).delete()),
  );
}
