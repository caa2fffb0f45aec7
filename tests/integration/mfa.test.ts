import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSealer } from '@/server/lib/seal';
import { acceptAuthenticatorCode, resealAuthenticatorSecrets } from '@/server/mfa/authenticator';
import { totpCode } from '@/server/mfa/totp';
import { createHarness, type Caller, type Harness } from '../support/harness';
import { beginFirstAuthenticator, expectAppError, member, outcome } from '../support/calls';
import { PASSWORD, personIp, tokenFromLink } from '../support/flows';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const STEP = 30_000;
/** The code the app shows now; the harness clock moves on a step first, so each call gets an unused one. */
function nextCode(secret: string): string {
  h.advance(STEP);
  return totpCode(secret, h.deps.clock());
}

async function anonymous(email: string): Promise<Caller> {
  return h.caller(undefined, { ip: personIp(email)['x-forwarded-for'] });
}

/** An account with an authenticator app: its caller, the app's secret and the recovery codes shown once. */
async function withAuthenticator(email: string) {
  const person = await member(h, email);
  const { secret, grant } = await beginFirstAuthenticator(h, person.api, email);
  const { recoveryCodes } = await person.api.mfa.finishAuthenticator({ code: nextCode(secret), grant });
  return { ...person, secret, recoveryCodes: recoveryCodes! };
}

async function secondStepToken(email: string): Promise<string> {
  const reply = await (await anonymous(email)).auth.signIn({ email, password: PASSWORD, delivery: 'body' });
  if (!('secondFactorToken' in reply)) throw new Error('expected the second step');
  return reply.secondFactorToken;
}

describe('adding an authenticator app', () => {
  it('asks for the password, then a code; stores the secret sealed and ten recovery codes as hashes only', async () => {
    const person = await member(h, 'enrol@example.com');
    await expectAppError(person.api.mfa.beginAuthenticator({ password: 'not my password' }), 'WRONG_PASSWORD');
    const { secret, uri, grant } = await beginFirstAuthenticator(h, person.api, 'enrol@example.com');
    expect(uri).toContain(`secret=${secret}`);
    await expectAppError(person.api.mfa.finishAuthenticator({ code: '000000', grant }), 'WRONG_CODE');
    // Without the emailed link, even the right code adds nothing.
    await expectAppError(person.api.mfa.finishAuthenticator({ code: nextCode(secret) }), 'CONFIRM_BY_EMAIL');
    expect(await person.api.mfa.status()).toEqual({ authenticator: false, passkeys: 0, recoveryCodesLeft: 0 });

    const since = Date.now();
    const { recoveryCodes } = await person.api.mfa.finishAuthenticator({ code: nextCode(secret), grant });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(await person.api.mfa.status()).toEqual({ authenticator: true, passkeys: 0, recoveryCodesLeft: 10 });
    expect((await h.deps.db.orm.users.where({ _id: person.userId }).select('secondFactor').first())?.secondFactor).toBe(true);

    const stored = JSON.stringify([
      await h.deps.db.orm.totpFactors.where({ userId: person.userId }).all(),
      await h.deps.db.orm.recoveryCodes.where({ userId: person.userId }).all(),
    ]);
    expect(stored).not.toContain(secret);
    for (const code of recoveryCodes!) expect(stored).not.toContain(code.replace(/-/g, ''));
    expect((await h.mail.waitFor('enrol@example.com', { since, subject: /authenticator app was added/i })).text).toMatch(
      /code from your authenticator app/i,
    );
    await expectAppError(person.api.mfa.beginAuthenticator({ password: PASSWORD, code: nextCode(secret) }), 'ALREADY_ENROLLED');

    // "Your data" says which factors the account has, and holds neither the secret nor a code.
    const exported = await person.api.account.exportData();
    expect(exported.secondFactors).toEqual({ authenticatorApp: true, passkeys: [], recoveryCodesLeft: 10 });
    const text = JSON.stringify(exported);
    expect(text).not.toContain(secret);
    for (const code of recoveryCodes!) expect(text).not.toContain(code.replace(/-/g, ''));
  });
});

describe('signing in with a second factor', () => {
  it('gives a second-step token, not a session, after the right password; a code then opens the session once', async () => {
    const { secret } = await withAuthenticator('second@example.com');
    const reply = await h.http('auth.signIn', {
      input: { email: 'second@example.com', password: PASSWORD },
      headers: personIp('second@example.com'),
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('set-cookie')).toBeNull();
    const { secondFactorToken } = reply.body.result!.data as { secondFactorToken: string };
    expect(reply.body.result!.data).not.toHaveProperty('accessToken');

    const api = await anonymous('second@example.com');
    await expectAppError(api.auth.completeSignIn({ token: secondFactorToken, code: '123456', delivery: 'body' }), 'WRONG_CODE');
    const code = nextCode(secret);
    const session = await api.auth.completeSignIn({ token: secondFactorToken, code, delivery: 'body' });
    expect(session.user.email).toBe('second@example.com');
    // Single use: the token is spent, and the same code is refused on a new sign-in too (replay).
    await expectAppError(api.auth.completeSignIn({ token: secondFactorToken, code, delivery: 'body' }), 'SECOND_STEP_EXPIRED');
    await expectAppError(
      api.auth.completeSignIn({ token: await secondStepToken('second@example.com'), code, delivery: 'body' }),
      'WRONG_CODE',
    );
  });

  it('refuses a second-step token after five minutes', async () => {
    const { secret } = await withAuthenticator('slow@example.com');
    const token = await secondStepToken('slow@example.com');
    h.advance(5 * 60_000 + 1000);
    const api = await anonymous('slow@example.com');
    await expectAppError(
      api.auth.completeSignIn({ token, code: totpCode(secret, h.deps.clock()), delivery: 'body' }),
      'SECOND_STEP_EXPIRED',
    );
  });

  it('checks at most five wrong codes in 15 minutes, however many arrive at once, then refuses even the right one (5 rounds)', async () => {
    const { secret } = await withAuthenticator('guessed@example.com');
    const api = await anonymous('guessed@example.com');
    for (let round = 0; round < 5; round++) {
      const token = await secondStepToken('guessed@example.com');
      const guess = (i: number) => outcome(api.auth.completeSignIn({ token, code: String(100000 + i), delivery: 'body' }));
      const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => guess(i)));
      expect(burst.every((o) => o === 'WRONG_CODE' || o === 'RATE_LIMITED')).toBe(true);
      let checked = burst.filter((o) => o === 'WRONG_CODE').length;
      for (let i = 20; i < 30; i++) if ((await guess(i)) === 'WRONG_CODE') checked++;
      expect(checked).toBe(5);
      await expectAppError(api.auth.completeSignIn({ token, code: nextCode(secret), delivery: 'body' }), 'RATE_LIMITED');
      h.advance(15 * 60_000 + 1000);
      const session = await api.auth.completeSignIn({
        token: await secondStepToken('guessed@example.com'),
        code: nextCode(secret),
        delivery: 'body',
      });
      expect(session.user.email).toBe('guessed@example.com');
    }
  });

  it('counts every wrong code of one HTTP batch, never checking more than five (5 rounds)', async () => {
    const { secret } = await withAuthenticator('batched-codes@example.com');
    for (let round = 0; round < 5; round++) {
      const token = await secondStepToken('batched-codes@example.com');
      const calls = Array.from({ length: 10 }, (_, i) => ({ token, code: String(200000 + i) }));
      const paths = calls.map(() => 'auth.completeSignIn').join(',');
      const reply = await h.http(`${paths}?batch=1`, { input: Object.fromEntries(calls.map((c, i) => [i, c])) });
      const statuses = (reply.body as unknown as { error?: { data: { httpStatus: number } } }[]).map(
        (r) => r.error!.data.httpStatus,
      );
      const checked = statuses.filter((s) => s === 400).length;
      expect(statuses).toHaveLength(10);
      expect(checked, `round ${round}`).toBeLessThanOrEqual(5);
      expect(checked + statuses.filter((s) => s === 429).length).toBe(10);
      // Every wrong code checked stayed counted: five or more, and even the right one waits.
      const api = await anonymous('batched-codes@example.com');
      const right = api.auth.completeSignIn({ token, code: nextCode(secret), delivery: 'body' });
      if (checked >= 5) await expectAppError(right, 'RATE_LIMITED');
      else expect((await right).user.email).toBe('batched-codes@example.com');
      h.advance(15 * 60_000 + 1000);
    }
  });

  it('takes a recovery code once, and emails that one was used', async () => {
    const { recoveryCodes } = await withAuthenticator('recover@example.com');
    const api = await anonymous('recover@example.com');
    const since = Date.now();
    const typed = recoveryCodes[3]!.toUpperCase().replace(/-/g, ' ');
    const session = await api.auth.completeSignIn({
      token: await secondStepToken('recover@example.com'),
      recoveryCode: typed,
      delivery: 'body',
    });
    expect(session.user.email).toBe('recover@example.com');
    expect((await h.mail.waitFor('recover@example.com', { since, subject: /recovery code was used/i })).text).toMatch(
      /9 of them are left/,
    );
    await expectAppError(
      api.auth.completeSignIn({
        token: await secondStepToken('recover@example.com'),
        recoveryCode: recoveryCodes[3]!,
        delivery: 'body',
      }),
      'WRONG_CODE',
    );
  });

  it('opens exactly one session when five requests complete one second step at once (5 rounds)', async () => {
    const person = await withAuthenticator('race@example.com');
    const api = await anonymous('race@example.com');
    let codes = person.recoveryCodes;
    for (let round = 0; round < 5; round++) {
      const token = await secondStepToken('race@example.com');
      const outcomes = await Promise.all(
        // Each round spends five of the ten codes (every one is checked; one wins the token).
        codes
          .slice((round % 2) * 5, (round % 2) * 5 + 5)
          .map((recoveryCode) => outcome(api.auth.completeSignIn({ token, recoveryCode, delivery: 'body' }))),
      );
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
      expect(outcomes.filter((o) => o !== 'ok').every((o) => o === 'SECOND_STEP_EXPIRED')).toBe(true);
      if (round % 2 === 1) {
        codes = (await person.api.mfa.regenerateRecoveryCodes({ password: PASSWORD, code: nextCode(person.secret) }))
          .recoveryCodes;
      }
    }
  });
});

describe('a password reset with a second factor on', () => {
  it('sets the new password and ends every session, but opens one only after the second step', async () => {
    const person = await withAuthenticator('reset-mfa@example.com');
    const api = await anonymous('reset-mfa@example.com');
    const since = Date.now();
    await api.auth.resetPassword({ email: 'reset-mfa@example.com' });
    const mail = await h.mail.waitFor('reset-mfa@example.com', { since, subject: /reset your/i });
    const token = tokenFromLink(mail.links.find((l) => l.includes('/set-password?token='))!);
    const reply = await api.auth.setPassword({ token, password: 'a brand new passphrase', delivery: 'body' });
    if (!('secondFactorToken' in reply)) throw new Error('a reset must not open a session by itself');
    const me = await h.http('auth.me', { method: 'GET', headers: { authorization: `Bearer ${person.accessToken}` } });
    expect(me.status).toBe(401);

    const session = await api.auth.completeSignIn({
      token: reply.secondFactorToken,
      code: nextCode(person.secret),
      delivery: 'body',
    });
    expect(session.user.email).toBe('reset-mfa@example.com');
    const signIn = await api.auth.signIn({
      email: 'reset-mfa@example.com',
      password: 'a brand new passphrase',
      delivery: 'body',
    });
    expect(signIn).toHaveProperty('secondFactorToken');
  });
});

describe('step-up for sensitive changes', () => {
  it('asks for a code as well as the password to change the password or delete the account', async () => {
    const person = await withAuthenticator('stepup@example.com');
    const change = (extra: { code?: string }) =>
      person.api.account.changePassword({ currentPassword: PASSWORD, newPassword: 'another long passphrase', ...extra });
    await expectAppError(change({}), 'SECOND_FACTOR_REQUIRED');
    await expectAppError(change({ code: '000000' }), 'WRONG_CODE');
    await expectAppError(
      person.api.account.deleteAccount({ password: PASSWORD, confirmation: 'delete my account' }),
      'SECOND_FACTOR_REQUIRED',
    );
    expect(await outcome(change({ code: nextCode(person.secret) }))).toBe('ok');
  });

  it('needs a code to remove the app; afterwards signing in asks for the password only', async () => {
    const person = await withAuthenticator('remove@example.com');
    await expectAppError(person.api.mfa.removeAuthenticator({ password: PASSWORD }), 'SECOND_FACTOR_REQUIRED');
    const since = Date.now();
    await person.api.mfa.removeAuthenticator({ password: PASSWORD, code: nextCode(person.secret) });
    expect(await person.api.mfa.status()).toEqual({ authenticator: false, passkeys: 0, recoveryCodesLeft: 0 });
    expect((await h.mail.waitFor('remove@example.com', { since, subject: /was removed/i })).text).toMatch(/password only/);
    const reply = await (
      await anonymous('remove@example.com')
    ).auth.signIn({
      email: 'remove@example.com',
      password: PASSWORD,
      delivery: 'body',
    });
    expect(reply).toHaveProperty('accessToken');
  });
});

// Last in this file: these move the harness clock on by days.
describe('recovery when every second factor is lost', () => {
  const WAIT = 72 * 60 * 60_000;
  const cancelToken = (mail: { links: string[] }) =>
    tokenFromLink(mail.links.find((l) => l.includes('/cancel-recovery?token='))!);

  it('waits 72 hours, telling the address at once and at a sign-in, each with a cancel link that stops it', async () => {
    const person = await withAuthenticator('lost@example.com');
    const api = await anonymous('lost@example.com');
    const since = Date.now();
    const { effectiveAt } = await api.auth.requestFactorRecovery({ token: await secondStepToken('lost@example.com') });
    expect(new Date(effectiveAt).getTime() - h.deps.clock().getTime()).toBeGreaterThan(WAIT - 60_000);
    const requested = await h.mail.waitFor('lost@example.com', { since, subject: /will be removed unless you cancel/i });

    // Asking again changes nothing but sends the notice again; a sign-in meanwhile is told too.
    const again = await api.auth.requestFactorRecovery({ token: await secondStepToken('lost@example.com') });
    expect(again.effectiveAt).toEqual(effectiveAt);
    const noticedSince = Date.now();
    await secondStepToken('lost@example.com');
    const notice = await h.mail.waitFor('lost@example.com', {
      since: noticedSince,
      subject: /while its second factors are due/i,
    });

    await api.auth.cancelFactorRecovery({ token: cancelToken(notice) });
    await expectAppError(api.auth.cancelFactorRecovery({ token: cancelToken(requested) }), 'INVALID_TOKEN');
    await h.mail.waitFor('lost@example.com', { since, subject: /was cancelled/i });
    h.advance(WAIT + 60_000);
    const { applyDueFactorRecoveries } = await import('@/server/mfa/factor-recovery');
    expect(await applyDueFactorRecoveries(h.deps)).toBe(0);
    expect((await h.deps.db.orm.users.where({ _id: person.userId }).select('secondFactor').first())?.secondFactor).toBe(true);
  });

  it('is cancelled by a sign-in with a second factor: the owner had one after all', async () => {
    const { secret } = await withAuthenticator('found@example.com');
    const api = await anonymous('found@example.com');
    const since = Date.now();
    await api.auth.requestFactorRecovery({ token: await secondStepToken('found@example.com') });
    await api.auth.completeSignIn({
      token: await secondStepToken('found@example.com'),
      code: nextCode(secret),
      delivery: 'body',
    });
    expect((await h.mail.waitFor('found@example.com', { since, subject: /was cancelled/i })).text).toMatch(/second factor/);
    expect(await h.deps.db.orm.factorRecoveries.all()).toHaveLength(0);
  });

  it('takes effect after the wait: factors gone, sessions ended, password cleared, a link to choose a new one', async () => {
    const person = await withAuthenticator('gone@example.com');
    const api = await anonymous('gone@example.com');
    await api.auth.requestFactorRecovery({ token: await secondStepToken('gone@example.com') });
    h.advance(WAIT - 60_000);
    const { applyDueFactorRecoveries } = await import('@/server/mfa/factor-recovery');
    expect(await applyDueFactorRecoveries(h.deps)).toBe(0);
    h.advance(2 * 60_000);
    const since = Date.now();
    expect(await applyDueFactorRecoveries(h.deps)).toBe(1);
    expect(await applyDueFactorRecoveries(h.deps)).toBe(0);

    expect(await h.deps.db.orm.users.where({ _id: person.userId }).select('secondFactor', 'passwordHash').first()).toMatchObject({
      secondFactor: false,
      passwordHash: null,
    });
    expect(await h.deps.db.orm.totpFactors.where({ userId: person.userId }).all()).toHaveLength(0);
    expect(await h.deps.db.orm.recoveryCodes.where({ userId: person.userId }).all()).toHaveLength(0);
    expect(await h.deps.db.orm.sessions.where({ userId: person.userId }).all()).toHaveLength(0);
    await expectAppError(
      api.auth.signIn({ email: 'gone@example.com', password: PASSWORD, delivery: 'body' }),
      'INVALID_CREDENTIALS',
    );

    const mail = await h.mail.waitFor('gone@example.com', { since, subject: /choose a new password/i });
    const token = tokenFromLink(mail.links.find((l) => l.includes('/set-password?token='))!);
    const session = await api.auth.setPassword({ token, password: 'a passphrase chosen afresh', delivery: 'body' });
    expect(session).toHaveProperty('accessToken');
  });
});

// Last in this file: it moves every secret here to a new key, which `h` does not hold.
describe('rotating DATA_KEY', () => {
  it('keeps every authenticator app working: each secret is sealed again, at its next code or at start-up', async () => {
    const early = await withAuthenticator('rotate-early@example.com');
    const idle = await withAuthenticator('rotate-idle@example.com');
    const newKey = randomBytes(32).toString('base64url');
    const rotated = { ...h.deps, config: { ...h.deps.config, DATA_KEY: newKey, DATA_KEY_PREVIOUS: h.deps.config.DATA_KEY } };
    const sealedOf = async (userId: string) =>
      (await h.deps.db.orm.totpFactors.where({ userId }).select('sealedSecret').first())!.sealedSecret;

    // An instance on the new key checks a code sealed under the old one, and moves it.
    expect(await acceptAuthenticatorCode(rotated, early.userId, nextCode(early.secret))).toBeInstanceOf(Date);
    expect(createSealer(newKey, 'totp').open(await sealedOf(early.userId))).toBe(early.secret);

    // The start-up pass moves the rest; a second pass finds nothing left.
    const idleBefore = await sealedOf(idle.userId);
    const first = await resealAuthenticatorSecrets(rotated);
    expect(first.resealed).toBeGreaterThanOrEqual(1);
    expect(first.unreadable).toBe(0);
    expect(await sealedOf(idle.userId)).not.toBe(idleBefore);
    expect(await resealAuthenticatorSecrets(rotated)).toEqual({ resealed: 0, unreadable: 0 });

    // So the previous key can go: the new key alone checks both.
    const newOnly = { ...h.deps, config: { ...h.deps.config, DATA_KEY: newKey, DATA_KEY_PREVIOUS: undefined } };
    expect(await acceptAuthenticatorCode(newOnly, idle.userId, nextCode(idle.secret))).toBeInstanceOf(Date);
    expect(await acceptAuthenticatorCode(newOnly, early.userId, nextCode(early.secret))).toBeInstanceOf(Date);
  });
});
