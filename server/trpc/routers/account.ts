import { z } from 'zod';
import { accountActivity } from '../../account/audit';
import { changePassword } from '../../account/change-password';
import {
  confirmEmailChange,
  peekEmailChange,
  requestEmailChange,
  revertEmailChange,
  withdrawEmailChange,
} from '../../account/change-email';
import { deleteAccount } from '../../account/delete-account';
import { displayNameInput } from '../../account/display-name';
import { exportAccountData } from '../../account/export-data';
import { setDisplayName } from '../../account/rename';
import { notificationSettings, setNotificationSettings } from '../../account/notifications';
import { changeEmailInput, changePasswordInput, deleteAccountInput, emailLinkInput } from '../../account/inputs';
import { endOtherSessions, endSession, listSessions } from '../../account/sessions';
import { withTimingFloor } from '../../auth/timing';
import { proofOf, reauthOf } from '../../mfa/inputs';
import { idInput } from '../../tasks/inputs';
import { protectedProcedure, publicProcedure, router } from '../init';
import { clearRefreshCookie } from '../refresh-cookie';

const ok = { ok: true as const };

/** The signed-in person's own account (docs/account.md). */
export const accountRouter = router({
  setName: protectedProcedure.input(z.object({ name: displayNameInput })).mutation(async ({ ctx, input }) => {
    await setDisplayName(ctx.deps, ctx.user, input.name);
    return ok;
  }),
  notifications: protectedProcedure.query(({ ctx }) => notificationSettings(ctx.deps, ctx.user)),
  setNotifications: protectedProcedure
    .input(z.object({ mentions: z.boolean().optional(), assignments: z.boolean().optional() }))
    .mutation(({ ctx, input }) => setNotificationSettings(ctx.deps, ctx.user, input)),
  sessions: protectedProcedure.query(({ ctx }) => listSessions(ctx.deps, ctx.user)),
  endSession: protectedProcedure.input(z.object({ id: idInput })).mutation(async ({ ctx, input }) => {
    await endSession(ctx.deps, ctx.user, input.id, ctx.meta);
    return ok;
  }),
  endOtherSessions: protectedProcedure.mutation(async ({ ctx }) => {
    await endOtherSessions(ctx.deps, ctx.user, ctx.meta);
    return ok;
  }),

  changePassword: protectedProcedure.input(changePasswordInput).mutation(async ({ ctx, input }) => {
    await changePassword(
      ctx.deps,
      ctx.user,
      { password: input.currentPassword, proof: proofOf(input) },
      input.newPassword,
      ctx.meta,
    );
    return ok;
  }),

  // The reply and its timing are the same whether or not the new address has an account.
  requestEmailChange: protectedProcedure.input(changeEmailInput).mutation(async ({ ctx, input }) => {
    await withTimingFloor(ctx.deps.config.ENUMERATION_FLOOR_MS, () =>
      requestEmailChange(ctx.deps, ctx.user, reauthOf(input), input.newEmail, ctx.meta),
    );
    return ok;
  }),
  withdrawEmailChange: protectedProcedure.mutation(async ({ ctx }) => {
    await withdrawEmailChange(ctx.deps, ctx.user, ctx.meta);
    return ok;
  }),
  // Links are opened in whichever browser reads the mail: these need no session.
  peekEmailChange: publicProcedure
    .input(emailLinkInput)
    .mutation(({ ctx, input }) => peekEmailChange(ctx.deps, input.token, ctx.meta)),
  confirmEmailChange: publicProcedure
    .input(emailLinkInput)
    .mutation(({ ctx, input }) => confirmEmailChange(ctx.deps, input.token, ctx.meta)),
  revertEmailChange: publicProcedure
    .input(emailLinkInput)
    .mutation(({ ctx, input }) => revertEmailChange(ctx.deps, input.token, ctx.meta)),

  deleteAccount: protectedProcedure.input(deleteAccountInput).mutation(async ({ ctx, input }) => {
    await deleteAccount(ctx.deps, ctx.user, reauthOf(input), ctx.meta);
    clearRefreshCookie(ctx);
    return ok;
  }),

  activity: protectedProcedure.query(({ ctx }) => accountActivity(ctx.deps, ctx.user.userId)),
  exportData: protectedProcedure.query(({ ctx }) => exportAccountData(ctx.deps, ctx.user)),
});
