import { publish } from '../live/publish';
import { audit } from '../account/audit';
import { unassignOpenTasks } from '../tasks/tasks';
import type { JobDefinition } from '../jobs/run';
import { revokeInvitationsSentBy } from './invitations';

/** What taking a member out needs, decided under the organisation's members lock. */
export interface MemberRemoval {
  organisationId: string;
  organisationName: string;
  membershipId: string;
  userId: string;
  email: string;
  leaving: boolean;
  actorId: string;
  actorEmail: string;
}

/**
 * The membership goes first (their calls naming the organisation are refused from the next
 * one on), then the invitations they sent there, the organisation's record of it, and their email.
 */
const SHOWN_TITLES = 5;

/** "2 open tasks: “Write the post”, “Book the venue”", the first few titles and how many more. */
function describeTitles(titles: string[]): string {
  const shown = titles.slice(0, SHOWN_TITLES).map((title) => `“${title.length > 60 ? `${title.slice(0, 59)}…` : title}”`);
  const more = titles.length > SHOWN_TITLES ? ` and ${titles.length - SHOWN_TITLES} more` : '';
  return `${titles.length} open task${titles.length === 1 ? '' : 's'}: ${shown.join(', ')}${more}`;
}

export const removeMemberJob: JobDefinition<MemberRemoval> = {
  kind: 'remove-member',
  steps: [
    async ({ db }, { membershipId }) => db.orm.memberships.where({ _id: membershipId }).delete(),
    async (deps, { organisationId, userId }) => revokeInvitationsSentBy(deps, organisationId, userId),
    async (deps, removal, jobId) =>
      audit(deps, {
        type: removal.leaving ? 'member.left' : 'member.removed',
        organisationId: removal.organisationId,
        actorId: removal.actorId,
        actorEmail: removal.actorEmail,
        ...(removal.leaving ? {} : { targetEmail: removal.email, userId: removal.userId }),
        once: jobId,
      }),
    async (deps, { leaving, email, organisationName, actorEmail }) => {
      if (!leaving) await deps.comms.send(email, { kind: 'removed-from-organisation', organisationName, by: actorEmail });
    },
    // Last, so that a job recorded before assignees existed resumes in step.
    // The admins learn which tasks lost their assignee; written before they change, once per job.
    async (deps, { organisationId, userId, email, actorId, actorEmail }, jobId) =>
      unassignOpenTasks(deps, organisationId, userId, async (titles) => {
        if (titles.length === 0) return;
        await audit(deps, {
          type: 'tasks.unassigned',
          organisationId,
          actorId,
          actorEmail,
          targetEmail: email,
          detail: describeTitles(titles),
          once: `${jobId}:unassigned`,
        });
      }),
    // The organisation's open tabs: the member list, and the tasks that lost their assignee.
    async (deps, { organisationId, userId }) => publish(deps, { organisationId }, 'members.changed', { userId }),
  ],
};
