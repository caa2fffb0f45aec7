import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('bad input gets a clear 4xx, never a 500', () => {
  const cases: [string, string, unknown, number, RegExp][] = [
    ['missing email', 'auth.signUp', {}, 400, /email: Enter your email address/],
    ['email of the wrong type', 'auth.signUp', { email: 42 }, 400, /email: Enter your email address/],
    ['malformed email', 'auth.signUp', { email: 'not-an-email' }, 400, /email: Enter a valid email address/],
    [
      'email over 254 characters',
      'auth.resetPassword',
      { email: `${'a'.repeat(250)}@example.com` },
      400,
      /at most 254 characters/,
    ],
    ['missing password', 'auth.signIn', { email: 'a@example.com' }, 400, /password: Enter your password/],
    ['token of the wrong shape', 'auth.verifyEmail', { token: 'short' }, 400, /token: This link is incomplete/],
    ['token with foreign characters', 'auth.verifyEmail', { token: '<script>'.repeat(6) }, 400, /token: This link is not valid/],
    ['array instead of an object', 'auth.signIn', [1, 2], 400, /expected object/i],
    ['null input', 'auth.setPassword', null, 400, /expected object/i],
    ['string refresh token of the wrong type', 'auth.refreshTokens', { refreshToken: 12 }, 400, /refreshToken/],
  ];
  for (const [name, path, input, status, message] of cases) {
    it(name, async () => {
      const reply = await h.http(path, { input });
      expect(reply.status).toBe(status);
      expect(reply.body.error?.message).toMatch(message);
    });
  }

  it('refuses a 1 MB string with 413 before parsing it', async () => {
    const reply = await h.http('auth.signUp', { input: { email: 'x'.repeat(1024 * 1024) } });
    expect(reply.status).toBe(413);
    expect(reply.body.error?.message).toMatch(/larger than 64 KB/);
  });

  it('refuses malformed JSON with 400', async () => {
    const reply = await h.http('auth.signIn', { input: '{"email": ' });
    expect(reply.status).toBe(400);
  });

  it('refuses an unknown procedure with 404 and the wrong method with a 4xx', async () => {
    expect((await h.http('auth.nope', { input: {} })).status).toBe(404);
    expect((await h.http('auth.signUp', { method: 'GET', input: { email: 'a@example.com' } })).status).toBe(405);
  });

  it('keeps internal details out of error replies', async () => {
    const reply = await h.http('auth.signIn', { input: { email: 'a@example.com', password: 1 } });
    expect(JSON.stringify(reply.body)).not.toMatch(/stack|at .*\.ts|node_modules/);
    expect(reply.body.error?.data['requestId']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
