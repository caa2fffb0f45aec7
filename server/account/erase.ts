import { deleteTasksWithWords } from '../store/task-search';
import { ObjectId } from 'mongodb';
import { revokeUserSessions } from '../auth/sessions';
import { deleteOwnAccountEvents } from '../store/account-events';
import { deleteInBatches } from '../store/batch-delete';
import { startJob, type JobDefinition } from '../jobs/run';
import type { Deps } from '../deps';
import { audit } from './audit';

/** What an account's erasure needs after the user is gone: decided when it was asked for. */
export interface AccountErasure {
  userId: string;
  email: string;
  /** Organisations the person was the last member of: erased with them. */
  erase: string[];
  /** Organisations the others keep: told that the person's account was deleted. */
  leave: string[];
}

const byUser = (userId: string) => ({ userId: new ObjectId(userId) });

/**
 * Removes an account and everything that is only its own: memberships, sessions (their access
 * tokens stop at the next call), links, factors, known browsers, security activity, and the
 * invitations it sent. Tasks it created stay with their organisations ("deleted user" as author).
 * The first step ends every way in, so the account is unusable as soon as it has run.
 */
export const eraseAccountJob: JobDefinition<AccountErasure> = {
  kind: 'erase-account',
  steps: [
    async (deps, { userId }) => {
      await deleteInBatches(deps.db, 'memberships', byUser(userId));
      await revokeUserSessions(deps, userId, 'account deleted');
      await deps.db.orm.users.where({ _id: userId }).delete();
    },
    async ({ db }, { userId }) => {
      const collections = [
        'passwordTokens',
        'emailChanges',
        'emailReverts',
        'knownDevices',
        'totpFactors',
        'recoveryCodes',
        'signInChallenges',
        'passkeys',
        'webauthnChallenges',
        'factorRecoveries',
        'factorGrants',
        'recoveryCancels',
        'liveTickets',
      ];
      await Promise.all(collections.map((name) => deleteInBatches(db, name, byUser(userId))));
    },
    async ({ db }, { userId }) => deleteInBatches(db, 'invitations', { invitedBy: new ObjectId(userId) }),
    // Its own activity; organisation events that name it stay with the organisation.
    async ({ db }, { userId }) => deleteOwnAccountEvents(db, userId),
    async (deps, { erase }) => {
      for (const organisationId of erase) await startOrganisationErasure(deps, organisationId, []);
    },
    async (deps, { email, leave }, jobId) => {
      for (const organisationId of leave) {
        await audit(deps, { type: 'account.deleted', organisationId, actorEmail: email, once: `${jobId}:${organisationId}` });
      }
    },
    async (deps, { email }) => deps.comms.send(email, { kind: 'account-deleted' }),
  ],
};

/** What an organisation's erasure needs after it is gone. */
export interface OrganisationErasure {
  organisationId: string;
  name: string;
  by: string | null;
  /** Members to tell, read before their memberships went. */
  emails: string[];
}

const byOrganisation = (organisationId: string) => ({ organisationId: new ObjectId(organisationId) });

/** Removes an organisation: memberships first (nobody reaches it after that), then its tasks, invitations, activity, itself. */
export const eraseOrganisationJob: JobDefinition<OrganisationErasure> = {
  kind: 'erase-organisation',
  steps: [
    async ({ db }, { organisationId }) => deleteInBatches(db, 'memberships', byOrganisation(organisationId)),
    async ({ db }, { organisationId }) => deleteInBatches(db, 'invitations', byOrganisation(organisationId)),
    // Comments and history go by organisation in the last steps, not task by task.
    async (deps, { organisationId }) => deleteTasksWithWords(deps, byOrganisation(organisationId), { talk: false }),
    async ({ db }, { organisationId }) => deleteInBatches(db, 'auditEvents', byOrganisation(organisationId)),
    async ({ db }, { organisationId }) => db.orm.organisations.where({ _id: organisationId }).delete(),
    async (deps, { name, by, emails }) => {
      for (const email of emails) {
        await deps.comms.send(email, { kind: 'organisation-deleted', organisationName: name, by: by ?? '' });
      }
    },
    // Added after the steps above, so that a job recorded before lists existed resumes in step.
    async ({ db }, { organisationId }) => deleteInBatches(db, 'lists', byOrganisation(organisationId)),
    async ({ db }, { organisationId }) => deleteInBatches(db, 'taskOrders', byOrganisation(organisationId)),
    async ({ db }, { organisationId }) => deleteInBatches(db, 'liveEvents', byOrganisation(organisationId)),
    async ({ db }, { organisationId }) => deleteInBatches(db, 'liveTickets', byOrganisation(organisationId)),
    async ({ db }, { organisationId }) => deleteInBatches(db, 'taskComments', byOrganisation(organisationId)),
    async ({ db }, { organisationId }) => deleteInBatches(db, 'taskActivity', byOrganisation(organisationId)),
  ],
};

/** Starts (or finds and finishes) the erasure of an organisation; `emails` are told, by the owner named `by`. */
export async function startOrganisationErasure(deps: Deps, organisationId: string, emails: string[], by: string | null = null) {
  const organisation = await deps.db.orm.organisations.where({ _id: organisationId }).select('name').first();
  await startJob(deps, eraseOrganisationJob, organisationId, { organisationId, name: organisation?.name ?? '', by, emails });
}
