import {
  confirmAuthenticatorInput,
  passkeySetupInput,
  reauthOf,
  removePasskeyInput,
  renamePasskeyInput,
  withPasswordInput,
} from '../../mfa/inputs';
import { beginPasskeySetup, finishPasskeySetup, listPasskeys, removePasskey, renamePasskey } from '../../mfa/manage-passkeys';
import { passkeyRequestOptions } from '../../mfa/passkeys';
import {
  beginAuthenticatorSetup,
  finishAuthenticatorSetup,
  regenerateRecoveryCodes,
  removeAuthenticatorFactor,
  secondFactorStatus,
} from '../../mfa/factors';
import { protectedProcedure, router } from '../init';

/** The signed-in person's second factors (docs/mfa.md). */
export const mfaRouter = router({
  status: protectedProcedure.query(({ ctx }) => secondFactorStatus(ctx.deps, ctx.user)),
  beginAuthenticator: protectedProcedure
    .input(withPasswordInput)
    .mutation(({ ctx, input }) => beginAuthenticatorSetup(ctx.deps, ctx.user, reauthOf(input), ctx.meta)),
  finishAuthenticator: protectedProcedure
    .input(confirmAuthenticatorInput)
    .mutation(({ ctx, input }) => finishAuthenticatorSetup(ctx.deps, ctx.user, input.code, ctx.meta)),
  removeAuthenticator: protectedProcedure.input(withPasswordInput).mutation(async ({ ctx, input }) => {
    await removeAuthenticatorFactor(ctx.deps, ctx.user, reauthOf(input), ctx.meta);
    return { ok: true as const };
  }),
  // A step-up by passkey: options naming this account's passkeys; the response goes with the change.
  stepUpPasskeyOptions: protectedProcedure.mutation(({ ctx }) =>
    passkeyRequestOptions(ctx.deps, 'second-factor', ctx.user.userId),
  ),

  passkeys: protectedProcedure.query(({ ctx }) => listPasskeys(ctx.deps, ctx.user)),
  beginPasskey: protectedProcedure
    .input(withPasswordInput)
    .mutation(({ ctx, input }) => beginPasskeySetup(ctx.deps, ctx.user, reauthOf(input), ctx.meta)),
  finishPasskey: protectedProcedure
    .input(passkeySetupInput)
    .mutation(({ ctx, input }) => finishPasskeySetup(ctx.deps, ctx.user, input.name, input.response, ctx.meta)),
  renamePasskey: protectedProcedure.input(renamePasskeyInput).mutation(async ({ ctx, input }) => {
    await renamePasskey(ctx.deps, ctx.user, input.id, input.name);
    return { ok: true as const };
  }),
  removePasskey: protectedProcedure.input(removePasskeyInput).mutation(async ({ ctx, input }) => {
    await removePasskey(ctx.deps, ctx.user, input.id, reauthOf(input), ctx.meta);
    return { ok: true as const };
  }),

  regenerateRecoveryCodes: protectedProcedure
    .input(withPasswordInput)
    .mutation(({ ctx, input }) => regenerateRecoveryCodes(ctx.deps, ctx.user, reauthOf(input), ctx.meta)),
});
