'use client';
import {
  startAuthentication,
  startRegistration,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import type { RouterInputs } from '@/server/trpc/routers/_app';

export type PasskeyAssertion = RouterInputs['auth']['signInWithPasskey']['response'];
export type PasskeyAttestation = RouterInputs['mfa']['finishPasskey']['response'];

// Options come from the server and answers go back to it as plain JSON; the server's zod schemas
// check the answers (server/mfa/inputs.ts), so these casts only bridge two libraries' spellings.

/** Asks the browser for a passkey (the prompt, or the email field's autofill). */
export async function proveWithPasskey(options: unknown, { autofill = false } = {}): Promise<PasskeyAssertion> {
  const optionsJSON = options as PublicKeyCredentialRequestOptionsJSON;
  return (await startAuthentication({ optionsJSON, useBrowserAutofill: autofill })) as unknown as PasskeyAssertion;
}

/** Asks the browser to create a passkey. */
export async function createPasskey(options: unknown): Promise<PasskeyAttestation> {
  const optionsJSON = options as PublicKeyCredentialCreationOptionsJSON;
  return (await startRegistration({ optionsJSON })) as unknown as PasskeyAttestation;
}
