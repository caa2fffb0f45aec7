import { z } from 'zod';
import { getMe } from '../../auth/me';
import { resetPassword, setPassword, verifyPasswordToken } from '../../auth/password-tokens';
import { endAllSessions } from '../../account/sessions';
import { endSessionOfToken, refreshTokens } from '../../auth/sessions';
import { completeSignIn, passkeySignInOptions, signIn, signInWithPasskey } from '../../auth/sign-in';
import { completeSignInInput, passkeySignInInput, proofOf, secondStepPasskeyInput } from '../../mfa/inputs';
import { secondStepPasskeyOptions } from '../../mfa/second-step';
import { cancelFactorRecovery, requestFactorRecovery } from '../../mfa/factor-recovery';
import { createVerificationToken, verifyEmail } from '../../auth/sign-up';
import { withTimingFloor } from '../../auth/timing';
import {
  logoutInput,
  refreshTokensInput,
  resetPasswordInput,
  setPasswordInput,
  signInInput,
  signUpInput,
  verifyEmailInput,
  verifyPasswordTokenInput,
} from '../../auth/inputs';
import { AppError, isAppErrorCode } from '../../errors';
import type { Context } from '../context';
import { protectedProcedure, publicProcedure, router } from '../init';
import { clearRefreshCookie, deliverSession, deliverSignIn, readRefreshToken } from '../refresh-cookie';

const delivery = z.enum(['cookie', 'body']).default('cookie');

/** Signing out still works when the browser sent conflicting cookies: they are all cleared. */
function readRefreshTokenForLogout(ctx: Context, fromInput: string | undefined) {
  try {
    return readRefreshToken(ctx, fromInput);
  } catch (error) {
    if (isAppErrorCode(error, 'CONFLICTING_COOKIES')) return null;
    throw error;
  }
}

export const authRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    await withTimingFloor(ctx.deps.config.ENUMERATION_FLOOR_MS, () => createVerificationToken(ctx.deps, input.email, ctx.meta));
    return { ok: true as const };
  }),

  verifyEmail: publicProcedure.input(verifyEmailInput).mutation(({ ctx, input }) => verifyEmail(ctx.deps, input.token, ctx.meta)),

  verifyPasswordToken: publicProcedure
    .input(verifyPasswordTokenInput)
    .mutation(async ({ ctx, input }) => ({ valid: await verifyPasswordToken(ctx.deps, input.token, ctx.meta) })),

  setPassword: publicProcedure
    .input(setPasswordInput.extend({ delivery }))
    .mutation(async ({ ctx, input }) =>
      deliverSignIn(ctx, await setPassword(ctx.deps, input.token, input.password, ctx.meta, input.name), input.delivery),
    ),

  resetPassword: publicProcedure.input(resetPasswordInput).mutation(async ({ ctx, input }) => {
    await withTimingFloor(ctx.deps.config.ENUMERATION_FLOOR_MS, () => resetPassword(ctx.deps, input.email, ctx.meta));
    return { ok: true as const };
  }),

  signIn: publicProcedure
    .input(signInInput.extend({ delivery }))
    .mutation(async ({ ctx, input }) =>
      deliverSignIn(
        ctx,
        await signIn(ctx.deps, input.email, input.password, ctx.meta, { browser: input.delivery === 'cookie' }),
        input.delivery,
      ),
    ),

  // "Sign in with a passkey" (and the email field's passkey autofill): a passkey is both factors.
  passkeyOptions: publicProcedure.mutation(({ ctx }) => passkeySignInOptions(ctx.deps, ctx.meta)),
  signInWithPasskey: publicProcedure
    .input(passkeySignInInput.and(z.object({ delivery })))
    .mutation(async ({ ctx, input }) =>
      deliverSession(
        ctx,
        await signInWithPasskey(ctx.deps, input.response, ctx.meta, { browser: input.delivery === 'cookie' }),
        input.delivery,
      ),
    ),
  secondStepPasskeyOptions: publicProcedure
    .input(secondStepPasskeyInput)
    .mutation(({ ctx, input }) => secondStepPasskeyOptions(ctx.deps, input.token, ctx.meta)),

  // Every factor lost: removed after FACTOR_RECOVERY_WAIT unless cancelled (docs/mfa.md).
  requestFactorRecovery: publicProcedure
    .input(secondStepPasskeyInput)
    .mutation(({ ctx, input }) => requestFactorRecovery(ctx.deps, input.token, ctx.meta)),
  cancelFactorRecovery: publicProcedure.input(secondStepPasskeyInput).mutation(async ({ ctx, input }) => {
    await cancelFactorRecovery(ctx.deps, input.token, ctx.meta);
    return { ok: true as const };
  }),

  // The second step: the token from signIn (or setPassword) and a code, a passkey or a recovery code.
  completeSignIn: publicProcedure
    .input(completeSignInInput.and(z.object({ delivery })))
    .mutation(async ({ ctx, input }) =>
      deliverSession(ctx, await completeSignIn(ctx.deps, input.token, proofOf(input)!, ctx.meta), input.delivery),
    ),

  refreshTokens: publicProcedure.input(refreshTokensInput).mutation(async ({ ctx, input }) => {
    const presented = readRefreshToken(ctx, input?.refreshToken);
    if (!presented) throw new AppError('INVALID_REFRESH_TOKEN');
    try {
      const session = await refreshTokens(ctx.deps, presented.token, ctx.meta);
      return deliverSession(ctx, session, presented.source === 'cookie' ? 'cookie' : 'body');
    } catch (error) {
      if (presented.source === 'cookie' && isAppErrorCode(error, 'INVALID_REFRESH_TOKEN')) {
        clearRefreshCookie(ctx);
      }
      throw error;
    }
  }),

  logout: publicProcedure.input(logoutInput).mutation(async ({ ctx, input }) => {
    const presented = readRefreshTokenForLogout(ctx, input?.refreshToken);
    if (presented) await endSessionOfToken(ctx.deps, presented.token);
    clearRefreshCookie(ctx);
    return { ok: true as const };
  }),

  signOutEverywhere: protectedProcedure.mutation(async ({ ctx }) => {
    await endAllSessions(ctx.deps, ctx.user, ctx.meta);
    clearRefreshCookie(ctx);
    return { ok: true as const };
  }),

  me: protectedProcedure.query(({ ctx }) => getMe(ctx.deps, ctx.user)),
});
