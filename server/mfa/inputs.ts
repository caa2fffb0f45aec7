import { z } from 'zod';
import { passwordInput, tokenInput } from '../auth/inputs';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { SecondFactorProof } from './verify-factor';

// WebAuthn responses as @simplewebauthn/browser sends them: base64url strings of bounded size.
// The bounds hold post-quantum keys too: on Node 24, SimpleWebAuthn offers ML-DSA, whose
// signatures reach 4,627 bytes (ML-DSA-87) and public keys 2,592, where ES256's are about 72.
const base64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/, 'This is not a passkey response.');
const credentialFields = {
  id: base64url(1024),
  rawId: base64url(1024),
  type: z.literal('public-key'),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
};

export const passkeyAssertionInput = z
  .object({
    ...credentialFields,
    response: z.object({
      clientDataJSON: base64url(4096),
      authenticatorData: base64url(4096),
      signature: base64url(8192),
      userHandle: base64url(256).optional(),
    }),
  })
  .transform((value) => value as AuthenticationResponseJSON);

export const passkeyAttestationInput = z
  .object({
    ...credentialFields,
    response: z.object({
      clientDataJSON: base64url(4096),
      attestationObject: base64url(16_384),
      authenticatorData: base64url(16_384).optional(),
      transports: z.array(z.string().max(32)).max(10).optional(),
      publicKeyAlgorithm: z.number().int().optional(),
      publicKey: base64url(8192).optional(),
    }),
  })
  .transform((value) => value as RegistrationResponseJSON);

export const passkeyNameInput = z
  .string({ error: 'Name the passkey.' })
  .trim()
  .min(1, 'Name the passkey, for example “Laptop”.')
  .max(60, 'Use at most 60 characters.');

export const codeInput = z
  .string({ error: 'Enter the 6-digit code from your authenticator app.' })
  .trim()
  .transform((code) => code.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app.'));

export const recoveryCodeInput = z
  .string({ error: 'Enter one of your recovery codes.' })
  .trim()
  .min(1, 'Enter one of your recovery codes.')
  .max(64, 'That is not a recovery code.');

/** A second factor sent with a sensitive change (step-up): a code, a recovery code, a passkey, or none when the account has none. */
export const stepUpFields = {
  code: codeInput.optional(),
  recoveryCode: recoveryCodeInput.optional(),
  passkey: passkeyAssertionInput.optional(),
};

/** The proof a request carried (the first of code, passkey, recovery code that it sent). */
/** The password and second factor a sensitive change was sent with, as the services take them. */
export function reauthOf(input: {
  password: string;
  code?: string | undefined;
  recoveryCode?: string | undefined;
  passkey?: AuthenticationResponseJSON | undefined;
}): { password: string; proof: SecondFactorProof | null } {
  return { password: input.password, proof: proofOf(input) };
}

export function proofOf(input: {
  code?: string | undefined;
  recoveryCode?: string | undefined;
  passkey?: AuthenticationResponseJSON | undefined;
}): SecondFactorProof | null {
  if (input.code) return { code: input.code };
  if (input.passkey) return { passkey: input.passkey };
  if (input.recoveryCode) return { recoveryCode: input.recoveryCode };
  return null;
}

export const completeSignInInput = z
  .object({ token: tokenInput, ...stepUpFields })
  .refine((input) => Boolean(input.code || input.recoveryCode || input.passkey), {
    message: 'Enter the 6-digit code from your authenticator app.',
    path: ['code'],
  });

// The emailed link that lets an account without a factor add its first (server/mfa/factor-grants.ts).
const grant = tokenInput.optional();

export const confirmAuthenticatorInput = z.object({ code: codeInput, grant });
export const withPasswordInput = z.object({ password: passwordInput, ...stepUpFields });
export const beginFactorInput = withPasswordInput.extend({ grant });

export const passkeySetupInput = z.object({ name: passkeyNameInput, response: passkeyAttestationInput, grant });
export const renamePasskeyInput = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/, 'Not a passkey.'), name: passkeyNameInput });
export const removePasskeyInput = z.object({
  id: z.string().regex(/^[0-9a-f]{24}$/, 'Not a passkey.'),
  password: passwordInput,
  ...stepUpFields,
});
export const passkeySignInInput = z.object({ response: passkeyAssertionInput });
// A token from a sign-in's second step, or from a recovery's cancel link.
export const secondStepPasskeyInput = z.object({ token: tokenInput });
