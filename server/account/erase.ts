import { ObjectId } from 'mongodb';
import { revokeUserSessions } from '../auth/sessions';
import { deleteInBatches } from '../lib/batch-delete';
import type { Deps } from '../deps';

/**
 * Removes an account and everything that is only its own: memberships, sessions (their access
 * tokens stop at the next call), links, known browsers, security activity, and the invitations
 * it sent. Tasks it created stay with their organisations ("deleted user" as author).
 */
export async function eraseAccount(deps: Deps, userId: string, reason: string): Promise<void> {
  const { db } = deps;
  await db.orm.users.where({ _id: userId }).delete();
  await revokeUserSessions(deps, userId, reason);
  await Promise.all([
    db.orm.memberships.where({ userId }).deleteAll(),
    db.orm.passwordTokens.where({ userId }).deleteAll(),
    db.orm.emailChanges.where({ userId }).deleteAll(),
    db.orm.emailReverts.where({ userId }).deleteAll(),
    db.orm.knownDevices.where({ userId }).deleteAll(),
    db.orm.totpFactors.where({ userId }).deleteAll(),
    db.orm.recoveryCodes.where({ userId }).deleteAll(),
    db.orm.signInChallenges.where({ userId }).deleteAll(),
    db.orm.passkeys.where({ userId }).deleteAll(),
    db.orm.webauthnChallenges.where({ userId }).deleteAll(),
    db.orm.factorRecoveries.where({ userId }).deleteAll(),
    db.orm.recoveryCancels.where({ userId }).deleteAll(),
    db.orm.invitations.where({ invitedBy: userId }).deleteAll(),
    // Its own activity; organisation events that name it stay with the organisation.
    deleteInBatches(db, 'auditEvents', { userId: new ObjectId(userId), organisationId: null }),
  ]);
}

/** Removes an organisation: its tasks, invitations, memberships and activity, then itself. */
export async function eraseOrganisation({ db }: Deps, organisationId: string): Promise<void> {
  const byOrganisation = { organisationId: new ObjectId(organisationId) };
  await Promise.all([
    deleteInBatches(db, 'tasks', byOrganisation),
    deleteInBatches(db, 'invitations', byOrganisation),
    deleteInBatches(db, 'memberships', byOrganisation),
    deleteInBatches(db, 'auditEvents', byOrganisation),
  ]);
  await db.orm.organisations.where({ _id: organisationId }).delete();
}
