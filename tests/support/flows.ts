import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Harness, HttpReply } from './harness';
import { membershipsOf } from '@/server/organisation/membership';

export const ORIGIN = 'http://localhost:3000';
export const PASSWORD = 'correct horse battery staple';

export function tokenFromLink(link: string): string {
  const token = new URL(link).searchParams.get('token');
  if (!token) throw new Error(`No token in ${link}`);
  return token;
}

/** The refresh cookie value a reply set, and its attributes. */
export function refreshCookie(reply: HttpReply): { value: string; attributes: string } | null {
  const header = reply.headers.getSetCookie().find((c) => c.startsWith('tl_refresh='));
  if (!header) return null;
  const [pair, ...rest] = header.split('; ');
  return { value: pair!.slice('tl_refresh='.length), attributes: rest.join('; ') };
}

export function withCookie(value: string) {
  return { cookie: `tl_refresh=${value}`, origin: ORIGIN };
}

/**
 * Each test person's own address (the harness trusts loopback as a proxy), so that per-IP
 * limits apply per person, as they would in the field, rather than to the whole test file.
 */
export function personIp(email: string): { 'x-forwarded-for': string } {
  const [a, b, c] = createHash('sha256').update(email).digest();
  return { 'x-forwarded-for': `10.${a}.${b}.${(c! % 250) + 1}` };
}

/** Sign up through the API and read the real email: returns the verification token. */
export async function requestVerification(h: Harness, email: string): Promise<string> {
  const since = Date.now();
  const reply = await h.http('auth.signUp', { input: { email }, headers: personIp(email) });
  assert.equal(reply.status, 200, 'signUp failed');
  const mail = await h.mail.waitFor(email, { since, subject: /confirm your email/i });
  return tokenFromLink(mail.links.find((l) => l.includes('/verify?token='))!);
}

/** A verified account with PASSWORD; returns the session reply of setPassword. */
export async function createAccount(h: Harness, email: string, password = PASSWORD): Promise<HttpReply> {
  const token = await requestVerification(h, email);
  const verified = await h.http('auth.verifyEmail', { input: { token }, headers: personIp(email) });
  assert.equal(verified.status, 200, 'verifyEmail failed');
  const { passwordToken } = verified.body.result!.data as { passwordToken: string };
  const set = await h.http('auth.setPassword', { input: { token: passwordToken, password }, headers: personIp(email) });
  assert.equal(set.status, 200, 'setPassword failed');
  return set;
}

export async function signIn(h: Harness, email: string, password = PASSWORD, headers: Record<string, string> = {}) {
  return h.http('auth.signIn', { input: { email, password }, headers });
}

export function data<T>(reply: HttpReply): T {
  return reply.body.result!.data as T;
}

/** A verified account and a bearer header for it. */
export async function accountWithToken(
  h: Harness,
  email: string,
): Promise<{ headers: { authorization: string }; userId: string; organisationId: string }> {
  const session = data<{ accessToken: string; user: { id: string } }>(await createAccount(h, email));
  return {
    headers: { authorization: `Bearer ${session.accessToken}` },
    userId: session.user.id,
    organisationId: (await membershipsOf(h.deps, session.user.id))[0]!.organisationId,
  };
}
