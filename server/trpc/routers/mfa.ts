import {
  beginFactorInput,
  confirmAuthenticatorInput,
  passkeySetupInput,
  reauthOf,
  removePasskeyInput,
  renamePasskeyInput,
  withPasswordInput,
} from '../../mfa/inputs';
import {
  beginPasskeySetup,
  finishPasskeySetup,
  listPasskeys,
  removePasskey,
  renamePasskey,
  stepUpPasskeyOptions,
} from '../../mfa/manage-passkeys';
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
    .input(beginFactorInput)
    .mutation(({ ctx, input }) => beginAuthenticatorSetup(ctx.deps, ctx.user, reauthOf(input), ctx.meta, input.grant)),
  finishAuthenticator: protectedProcedure
    .input(confirmAuthenticatorInput)
    .mutation(({ ctx, input }) => finishAuthenticatorSetup(ctx.deps, ctx.user, input.code, ctx.meta, input.grant)),
  removeAuthenticator: protectedProcedure.input(withPasswordInput).mutation(async ({ ctx, input }) => {
    await removeAuthenticatorFactor(ctx.deps, ctx.user, reauthOf(input), ctx.meta);
    return { ok: true as const };
  }),
  // A step-up by passkey: options naming this account's passkeys; the response goes with the change.
  stepUpPasskeyOptions: protectedProcedure.mutation(({ ctx }) => stepUpPasskeyOptions(ctx.deps, ctx.user)),

  passkeys: protectedProcedure.query(({ ctx }) => listPasskeys(ctx.deps, ctx.user)),
  beginPasskey: protectedProcedure
    .input(beginFactorInput)
    .mutation(({ ctx, input }) => beginPasskeySetup(ctx.deps, ctx.user, reauthOf(input), ctx.meta, input.grant)),
  finishPasskey: protectedProcedure
    .input(passkeySetupInput)
    .mutation(({ ctx, input }) => finishPasskeySetup(ctx.deps, ctx.user, input.name, input.response, ctx.meta, input.grant)),
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
