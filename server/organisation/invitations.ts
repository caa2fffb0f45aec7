import { issuePasswordToken } from '../auth/password-tokens';
import { consumeLimit, LIMITS } from '../auth/rate-limit';
import type { Client } from '../auth/sign-up';
import { addSeconds, claimOnce, hashToken, newToken } from '../auth/tokens';
import { AppError } from '../errors';
import type { Deps } from '../services';
import type { Member } from './membership';
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
  const { db, comms, config, clock } = deps;
  if (!canManageMembers(actor.role)) throw new AppError('FORBIDDEN');
  if (role === 'owner') throw new AppError('FORBIDDEN');
  await consumeLimit(deps, LIMITS.emailPerIp, client.ip);
  await consumeLimit(deps, LIMITS.emailPerAddress, email);

  await db.orm.invitations.where({ organisationId: actor.organisationId, email }).deleteAll();
  const { token, tokenHash } = newToken();
  const invitation = await db.orm.invitations.create({
    tokenHash,
    organisationId: actor.organisationId,
    email,
    role,
    invitedBy: actor.userId,
    expiresAt: addSeconds(clock(), config.INVITATION_TTL),
  });
  const organisation = await db.orm.organisations.where({ _id: actor.organisationId }).select('name').first();
  try {
    await comms.sendInvitationEmail(email, {
      url: `${config.APP_URL}/join?token=${token}`,
      organisationName: organisation?.name ?? 'your team',
      invitedBy: actor.email,
      role,
    });
  } catch (error) {
    await db.orm.invitations.where({ _id: invitation._id }).delete();
    throw error;
  }
  return { id: invitation._id, email, role, expiresAt: invitation.expiresAt };
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
export async function revokeInvitation({ db }: Deps, actor: Member, invitationId: string): Promise<void> {
  if (!canManageMembers(actor.role)) throw new AppError('FORBIDDEN');
  const deleted = await db.orm.invitations.where({ _id: invitationId, organisationId: actor.organisationId }).deleteAndCount();
  if (deleted !== 1) throw new AppError('NOT_FOUND');
}

/**
 * Accepts an invitation: the link proves the address, so the invitee joins the inviting
 * organisation with the invited role and goes on to choose a password. An address that already
 * has an account (a password set) cannot join: an account belongs to one organisation.
 */
export async function acceptInvitation(
  deps: Deps,
  token: string,
  client: Client,
): Promise<{ passwordToken: string; email: string; organisationName: string }> {
  const { db, clock } = deps;
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  const found = await db.orm.invitations
    .where({ tokenHash: hashToken(token) })
    .select('_id', 'email', 'role', 'organisationId', 'invitedBy', 'expiresAt')
    .first();
  if (!found || found.expiresAt <= clock()) throw new AppError('INVALID_TOKEN');
  // The invitation speaks for whoever sent it: it holds only while they may still invite.
  const inviter = await db.orm.users.where({ _id: found.invitedBy, organisationId: found.organisationId }).select('role').first();
  if (!inviter || !canManageMembers(asRole(inviter.role))) {
    await db.orm.invitations.where({ _id: found._id }).delete();
    throw new AppError('INVALID_TOKEN');
  }
  const existing = await db.orm.users.where({ email: found.email }).select('_id', 'passwordHash').first();
  if (existing?.passwordHash) throw new AppError('HAS_ACCOUNT');
  if (!(await claimOnce(found, (_id) => db.orm.invitations.where({ _id }).deleteAndCount(), clock()))) {
    throw new AppError('INVALID_TOKEN');
  }

  const membership = { organisationId: found.organisationId, role: asRole(found.role) };
  const userId = existing
    ? (await db.orm.users.where({ _id: existing._id }).update(membership))!._id
    : (await db.orm.users.create({ email: found.email, passwordHash: null, verified: false, ...membership }))._id;
  const organisation = await db.orm.organisations.where({ _id: found.organisationId }).select('name').first();
  return {
    passwordToken: await issuePasswordToken(deps, userId),
    email: found.email,
    organisationName: organisation?.name ?? '',
  };
}
