import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness';
import { createAccount, PASSWORD, signIn } from '../support/flows';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const fromIp = (ip: string) => ({ 'x-forwarded-for': ip });

describe('rate limits (stored in the database)', () => {
  it('backs off sign-in after 5 failures for an account, refuses even the right password meanwhile, then recovers', async () => {
    await createAccount(h, 'target@example.com');
    for (let i = 0; i < 5; i++) {
      expect((await signIn(h, 'target@example.com', 'wrong guess', fromIp('10.0.0.1'))).status).toBe(401);
    }
    const blocked = await signIn(h, 'target@example.com', PASSWORD, fromIp('10.0.0.2'));
    expect(blocked.status).toBe(429);
    expect(blocked.body.error?.data['appCode']).toBe('RATE_LIMITED');
    expect(blocked.body.error?.data['retryAfterSeconds']).toBeGreaterThan(25);
    expect(blocked.body.error?.data['retryAfterSeconds']).toBeLessThanOrEqual(30);

    h.advance(31_000);
    expect((await signIn(h, 'target@example.com', 'wrong again', fromIp('10.0.0.1'))).status).toBe(401);
    const doubled = await signIn(h, 'target@example.com', PASSWORD, fromIp('10.0.0.1'));
    expect(doubled.status).toBe(429);
    expect(doubled.body.error?.data['retryAfterSeconds']).toBeGreaterThan(55); // the delay doubled

    h.advance(61_000);
    expect((await signIn(h, 'target@example.com', PASSWORD)).status).toBe(200);
    // success forgets the failures
    expect((await signIn(h, 'target@example.com', 'one typo', fromIp('10.0.0.1'))).status).toBe(401);
    expect((await signIn(h, 'target@example.com', PASSWORD)).status).toBe(200);
  });

  it('limits failed sign-ins per IP across accounts', async () => {
    const ip = fromIp('10.9.9.9');
    for (let i = 0; i < 50; i++) await signIn(h, `nobody${i}@example.com`, 'guess', ip);
    const reply = await signIn(h, 'another@example.com', 'guess', ip);
    expect(reply.status).toBe(429);
    expect((await signIn(h, 'another@example.com', 'guess', fromIp('10.9.9.10'))).status).toBe(401);
  });

  it("keeps an IP's failures against other accounts when someone there signs in successfully", async () => {
    await createAccount(h, 'behind-the-sprayer@example.com');
    const ip = fromIp('10.9.8.7');
    for (let i = 0; i < 49; i++) expect((await signIn(h, `sprayed${i}@example.com`, 'guess', ip)).status).toBe(401);
    expect((await signIn(h, 'behind-the-sprayer@example.com', PASSWORD, ip)).status).toBe(200);
    expect((await signIn(h, 'sprayed-last@example.com', 'guess', ip)).status).toBe(401);
    expect((await signIn(h, 'one-more@example.com', 'guess', ip)).status).toBe(429);
  });

  it('limits emails per address, with a retry time, and recovers when the window passes', async () => {
    for (let i = 0; i < 5; i++) {
      expect(
        (await h.http('auth.signUp', { input: { email: 'flood@example.com' }, headers: fromIp(`10.1.0.${i}`) })).status,
      ).toBe(200);
    }
    const limited = await h.http('auth.resetPassword', { input: { email: 'flood@example.com' }, headers: fromIp('10.1.1.1') });
    expect(limited.status).toBe(429);
    expect(limited.body.error?.message).toMatch(/too many attempts/i);
    expect(limited.body.error?.data['retryAfterSeconds']).toBeGreaterThan(3000);
    h.advance(60 * 60 * 1000 + 1000);
    expect((await h.http('auth.signUp', { input: { email: 'flood@example.com' } })).status).toBe(200);
  });

  it('limits emails per IP across addresses', async () => {
    const ip = fromIp('10.2.2.2');
    for (let i = 0; i < 30; i++) {
      expect((await h.http('auth.signUp', { input: { email: `bulk${i}@example.com` }, headers: ip })).status).toBe(200);
    }
    expect((await h.http('auth.signUp', { input: { email: 'bulk-last@example.com' }, headers: ip })).status).toBe(429);
  });

  it('limits token checks per IP', async () => {
    const ip = fromIp('10.3.3.3');
    const check = () => h.http('auth.verifyPasswordToken', { input: { token: 'D'.repeat(43) }, headers: ip });
    for (let i = 0; i < 60; i++) expect((await check()).status).toBe(200);
    expect((await check()).status).toBe(429);
    expect((await h.http('auth.verifyEmail', { input: { token: 'D'.repeat(43) }, headers: ip })).status).toBe(429);
  });
});
