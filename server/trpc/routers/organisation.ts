import { listOrganisationActivity } from '../../organisation/activity';
import { acceptInvitation, inviteMember, listInvitations, revokeInvitation } from '../../organisation/invitations';
import {
  acceptInvitationInput,
  changeRoleInput,
  inviteMemberInput,
  removeMemberInput,
  revokeInvitationInput,
} from '../../organisation/inputs';
import { changeRole, listMembers, removeMember } from '../../organisation/members';
import { memberProcedure, publicProcedure, router } from '../init';

const ok = { ok: true as const };

export const organisationRouter = router({
  members: memberProcedure.query(async ({ ctx }) => ({ me: ctx.member, members: await listMembers(ctx.deps, ctx.member) })),
  activity: memberProcedure.query(({ ctx }) => listOrganisationActivity(ctx.deps, ctx.member)),
  invitations: memberProcedure.query(({ ctx }) => listInvitations(ctx.deps, ctx.member)),
  invite: memberProcedure
    .input(inviteMemberInput)
    .mutation(({ ctx, input }) => inviteMember(ctx.deps, ctx.member, input.email, input.role, ctx.meta)),
  revokeInvitation: memberProcedure.input(revokeInvitationInput).mutation(async ({ ctx, input }) => {
    await revokeInvitation(ctx.deps, ctx.member, input.id);
    return ok;
  }),
  changeRole: memberProcedure.input(changeRoleInput).mutation(async ({ ctx, input }) => {
    await changeRole(ctx.deps, ctx.member, input.userId, input.role);
    return ok;
  }),
  removeMember: memberProcedure.input(removeMemberInput).mutation(async ({ ctx, input }) => {
    await removeMember(ctx.deps, ctx.member, input.userId);
    return ok;
  }),
  acceptInvitation: publicProcedure
    .input(acceptInvitationInput)
    .mutation(({ ctx, input }) => acceptInvitation(ctx.deps, input.token, ctx.meta)),
});
