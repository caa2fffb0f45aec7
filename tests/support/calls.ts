import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { isAppError, type AppErrorCode } from '@/server/errors';
import { PASSWORD, personIp, tokenFromLink } from './flows';
import type { Caller, Harness } from './harness';
import { membershipsOf } from '@/server/organisation/membership';
import { asSession } from './as-session';

// Helpers for behaviour tests through the typed caller (HTTP tests use ./flows.ts).

/** The domain error a call failed with ('ok' when it did not fail); anything else is rethrown. */
export async function outcome(call: Promise<unknown>): Promise<AppErrorCode | 'ok'> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCError && isAppError(error.cause)) return error.cause.code;
    throw error;
  }
}

/** Asserts that a call fails with the domain error `code`. */
export async function expectAppError(call: Promise<unknown>, code: AppErrorCode): Promise<void> {
  expect(await outcome(call)).toBe(code);
}

/** The validation messages a call was refused with, by field. */
export async function fieldErrors(call: Promise<unknown>): Promise<Record<string, string>> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const issues =
    ((error as TRPCError).cause as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues ?? [];
  return Object.fromEntries(issues.map((issue) => [issue.path.join('.') || 'input', issue.message]));
}

/** Signs up through the typed caller, reading the real email: the verification token. */
export async function verificationToken(h: Harness, email: string): Promise<string> {
  const since = Date.now();
  const api = await h.caller(undefined, { ip: personIp(email)['x-forwarded-for'] });
  expect(await api.auth.signUp({ email })).toEqual({ ok: true });
  const mail = await h.mail.waitFor(email, { since, subject: /confirm your email/i });
  return tokenFromLink(mail.links.find((l) => l.includes('/verify?token='))!);
}

/** A verified account with PASSWORD, made through the typed caller: its caller, ids and access token. */
export async function member(
  h: Harness,
  email: string,
  password = PASSWORD,
): Promise<{ api: Caller; userId: string; organisationId: string; accessToken: string }> {
  const as = { ip: personIp(email)['x-forwarded-for'] };
  const anonymous = await h.caller(undefined, as);
  const { passwordToken } = await anonymous.auth.verifyEmail({ token: await verificationToken(h, email) });
  const session = asSession(await anonymous.auth.setPassword({ token: passwordToken, password, delivery: 'body' }));
  return {
    api: await h.caller(session.accessToken, as),
    userId: session.user.id,
    organisationId: (await membershipsOf(h.deps, session.user.id))[0]!.organisationId,
    accessToken: session.accessToken,
  };
}

/** `email`, new to Tasklane, joins `owner`'s organisation through the emailed invitation and a password. */
export async function joinByInvitation(
  h: Harness,
  owner: { api: Caller; organisationId: string },
  email: string,
  role: 'admin' | 'member' = 'member',
): Promise<{ api: Caller; userId: string; organisationId: string; accessToken: string; token: string }> {
  const since = Date.now();
  await owner.api.organisation.invite({ email, role });
  const mail = await h.mail.waitFor(email, { since, subject: /invited you/i });
  const as = { ip: personIp(email)['x-forwarded-for'] };
  const guest = await h.caller(undefined, as);
  const token = tokenFromLink(mail.links.find((l) => l.includes('/join?token='))!);
  const accepted = await guest.organisation.acceptInvitation({ token });
  if (accepted.kind !== 'choose-password') throw new Error(`${email} should be new to Tasklane`);
  const session = asSession(
    await guest.auth.setPassword({ token: accepted.passwordToken, password: PASSWORD, delivery: 'body' }),
  );
  return {
    api: await h.caller(session.accessToken, { ...as, organisationId: owner.organisationId }),
    userId: session.user.id,
    organisationId: owner.organisationId,
    accessToken: session.accessToken,
    token,
  };
}

/** Every task of a list, page after page, following the cursor until there is none. */
export async function everyTask<T>(
  page: (cursor: string | undefined) => Promise<{ tasks: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    all.push(...next.tasks);
    cursor = next.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** The token of the "add a second factor" link most recently emailed to `email` since `since`. */
export async function factorGrantFor(h: Harness, email: string, since: number): Promise<string> {
  const mail = await h.mail.waitFor(email, { since, subject: /confirm adding two-step sign-in/i });
  const link = mail.links.find((l) => l.includes('factor-grant='));
  const grant = link && new URL(link).searchParams.get('factor-grant');
  if (!grant) throw new Error(`No factor grant in the email to ${email}`);
  return grant;
}

/**
 * Starts adding the first authenticator app as a person must: the password, which emails a link
 * to the account's address, then the password again with that link's grant. Returns the app's
 * secret and the grant (finishing spends it).
 */
export async function beginFirstAuthenticator(
  h: Harness,
  api: Caller,
  email: string,
  password = PASSWORD,
): Promise<{ secret: string; uri: string; grant: string }> {
  const since = Date.now();
  const asked = await api.mfa.beginAuthenticator({ password });
  if (!('confirmByEmail' in asked)) throw new Error('expected the first factor to need the emailed link');
  const grant = await factorGrantFor(h, email, since);
  const started = await api.mfa.beginAuthenticator({ password, grant });
  if ('confirmByEmail' in started) throw new Error('the grant was not accepted');
  return { ...started, grant };
}
