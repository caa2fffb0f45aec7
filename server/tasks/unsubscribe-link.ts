import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config';

export type NotifyKind = 'mentions' | 'assignments';
const KINDS: NotifyKind[] = ['mentions', 'assignments'];

// Its own key, derived for this one purpose: a link can only turn one kind of email off for one person.
const keyOf = (secret: string) => Buffer.from(hkdfSync('sha256', secret, 'tasklane', 'unsubscribe', 32));
const macOf = (key: Buffer, userId: string, kind: NotifyKind) =>
  createHmac('sha256', key).update(`unsubscribe:${userId}:${kind}`).digest('base64url');

/** "<userId>.<kind>.<mac>": signed, not stored, so the link works for as long as the person keeps the email. */
export function unsubscribeToken(config: Pick<Config, 'DATA_KEY'>, userId: string, kind: NotifyKind): string {
  return `${userId}.${kind}.${macOf(keyOf(config.DATA_KEY), userId, kind)}`;
}

/** The person and kind a token names, or null when it was not signed by this deployment (either key). */
export function readUnsubscribeToken(
  config: Pick<Config, 'DATA_KEY' | 'DATA_KEY_PREVIOUS'>,
  token: string,
): { userId: string; kind: NotifyKind } | null {
  const [userId, kind, mac] = token.split('.');
  if (!userId || !/^[0-9a-f]{24}$/.test(userId) || !KINDS.includes(kind as NotifyKind) || !mac) return null;
  const given = Buffer.from(mac);
  const matches = (secret: string | undefined) => {
    if (!secret) return false;
    const expected = Buffer.from(macOf(keyOf(secret), userId, kind as NotifyKind));
    return expected.length === given.length && timingSafeEqual(expected, given);
  };
  return matches(config.DATA_KEY) || matches(config.DATA_KEY_PREVIOUS) ? { userId, kind: kind as NotifyKind } : null;
}

export const unsubscribeUrl = (config: Pick<Config, 'DATA_KEY' | 'APP_URL'>, userId: string, kind: NotifyKind) =>
  `${config.APP_URL}/unsubscribe?t=${unsubscribeToken(config, userId, kind)}`;
