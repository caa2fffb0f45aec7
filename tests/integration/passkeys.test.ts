import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness';
import { totpCode } from '@/server/mfa/totp';
import { beginFirstAuthenticator, expectAppError, member } from '../support/calls';
import { ORIGIN, PASSWORD } from '../support/flows';

// Real passkeys are created and used in Chromium (e2e/passkeys.spec.ts). These tests check what
// the server refuses before any signature matters: answers to a challenge that is unknown,
// spent, or was issued for something else.

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

/** A response shaped like the browser's, answering `challenge`; its signature is nobody's. */
function answer(challenge: string, credentialId = 'bm90LWEtcmVhbC1jcmVkZW50aWFs') {
  const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin: ORIGIN })).toString('base64url');
  return {
    id: credentialId,
    rawId: credentialId,
    type: 'public-key' as const,
    clientExtensionResults: {},
    response: { clientDataJSON, authenticatorData: 'AAAA', signature: 'AAAA' },
  };
}

const refusals = () => h.logs.filter((line) => line.includes('passkey.refused'));

describe('passkey challenges', () => {
  it('are used once: an answer naming an unknown passkey spends its challenge', async () => {
    const api = await h.caller(undefined, { ip: '10.3.3.3' });
    const { challenge } = await api.auth.passkeyOptions();
    await expectAppError(api.auth.signInWithPasskey({ response: answer(challenge), delivery: 'body' }), 'PASSKEY_REFUSED');
    expect(refusals().at(-1)).toContain('unknown passkey');
    await expectAppError(api.auth.signInWithPasskey({ response: answer(challenge), delivery: 'body' }), 'PASSKEY_REFUSED');
    expect(refusals().at(-1)).toContain('unknown, used or expired sign-in challenge');
  });

  it('answer only what they were issued for: a sign-in challenge is no second step', async () => {
    const person = await member(h, 'two-steps@example.com');
    const { secret, grant } = await beginFirstAuthenticator(h, person.api, 'two-steps@example.com');
    h.advance(30_000);
    await person.api.mfa.finishAuthenticator({ code: totpCode(secret, h.deps.clock()), grant });
    const api = await h.caller(undefined, { ip: '10.3.3.4' });
    const step = await api.auth.signIn({ email: 'two-steps@example.com', password: PASSWORD, delivery: 'body' });
    if (!('secondFactorToken' in step)) throw new Error('expected the second step');

    const { challenge } = await api.auth.passkeyOptions();
    await expectAppError(
      api.auth.completeSignIn({ token: step.secondFactorToken, passkey: answer(challenge), delivery: 'body' }),
      'PASSKEY_REFUSED',
    );
    expect(refusals().at(-1)).toContain('unknown, used or expired second-factor challenge');
    // Refused for its purpose, the sign-in challenge was not spent.
    await expectAppError(api.auth.signInWithPasskey({ response: answer(challenge), delivery: 'body' }), 'PASSKEY_REFUSED');
    expect(refusals().at(-1)).toContain('unknown passkey');
  });

  it('expire after five minutes, and never reach the log', async () => {
    const api = await h.caller(undefined, { ip: '10.3.3.5' });
    const { challenge } = await api.auth.passkeyOptions();
    h.advance(5 * 60_000 + 1000);
    await expectAppError(api.auth.signInWithPasskey({ response: answer(challenge), delivery: 'body' }), 'PASSKEY_REFUSED');
    expect(refusals().at(-1)).toContain('unknown, used or expired sign-in challenge');
    expect(refusals().join('\n')).not.toContain(challenge);
  });

  it('refuse a malformed answer as bad input', async () => {
    const api = await h.caller(undefined, { ip: '10.3.3.6' });
    const { challenge } = await api.auth.passkeyOptions();
    const bad = { ...answer(challenge), id: 'not base64url!' };
    await expect(api.auth.signInWithPasskey({ response: bad, delivery: 'body' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
