import { listOrganisationActivity } from '../../organisation/activity';
import { acceptInvitation, inviteMember, listInvitations, revokeInvitation } from '../../organisation/invitations';
import {
  acceptInvitationInput,
  createOrganisationInput,
  deleteOrganisationInput,
  renameOrganisationInput,
  transferOwnershipInput,
  changeRoleInput,
  inviteMemberInput,
  removeMemberInput,
  revokeInvitationInput,
  secondFactorPolicyInput,
  timeZoneInput,
} from '../../organisation/inputs';
import { changeRole, listMembers, removeMember } from '../../organisation/members';
import { leavingMemberProcedure, memberProcedure, protectedProcedure, publicProcedure, router } from '../init';
import { setSecondFactorPolicy } from '../../organisation/second-factor-policy';
import { setTimeZone } from '../../organisation/time-zone';
import { createOrganisation, deleteOrganisation, renameOrganisation, transferOwnership } from '../../organisation/organisations';

const ok = { ok: true as const };

export const organisationRouter = router({
  create: protectedProcedure
    .input(createOrganisationInput)
    .mutation(({ ctx, input }) => createOrganisation(ctx.deps, ctx.user, input.name)),
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
    await changeRole(ctx.deps, ctx.member, input.userId, input.role, input, ctx.meta);
    return ok;
  }),
  leave: leavingMemberProcedure.mutation(async ({ ctx }) => {
    await removeMember(ctx.deps, ctx.member, ctx.member.userId);
    return ok;
  }),
  setTimeZone: memberProcedure.input(timeZoneInput).mutation(async ({ ctx, input }) => {
    await setTimeZone(ctx.deps, ctx.member, input.timeZone);
    return ok;
  }),
  setSecondFactorPolicy: memberProcedure.input(secondFactorPolicyInput).mutation(async ({ ctx, input }) => {
    await setSecondFactorPolicy(ctx.deps, ctx.member, input.required, input, ctx.meta);
    return ok;
  }),
  rename: memberProcedure.input(renameOrganisationInput).mutation(async ({ ctx, input }) => {
    await renameOrganisation(ctx.deps, ctx.member, input.name);
    return ok;
  }),
  transferOwnership: memberProcedure.input(transferOwnershipInput).mutation(async ({ ctx, input }) => {
    await transferOwnership(ctx.deps, ctx.member, input.userId, input, ctx.meta);
    return ok;
  }),
  delete: memberProcedure.input(deleteOrganisationInput).mutation(async ({ ctx, input }) => {
    await deleteOrganisation(ctx.deps, ctx.member, input.confirmation, input, ctx.meta);
    return ok;
  }),
  removeMember: memberProcedure.input(removeMemberInput).mutation(async ({ ctx, input }) => {
    await removeMember(ctx.deps, ctx.member, input.userId);
    return ok;
  }),
  acceptInvitation: publicProcedure.input(acceptInvitationInput).mutation(async ({ ctx, input }) => {
    // Signed in or not: an account holder must be, a new person need not.
    if (ctx.user) await ctx.assertLive();
    return acceptInvitation(ctx.deps, input.token, ctx.meta, ctx.user);
  }),
});
