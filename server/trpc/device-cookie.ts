import type { Config } from '../config';

// The browser's long-lived device cookie: random, httpOnly, only its hash is stored
// (server/account/devices.ts). Named and scoped like the refresh cookie (refresh-cookie.ts).
const SECURE_NAME = '__Host-tl_device';
const PLAIN_NAME = 'tl_device';
const PLAIN_PATH = '/api/trpc';
// Browsers cap a cookie's lifetime at 400 days; each sign-in sets it again.
const MAX_AGE_SECONDS = 400 * 24 * 60 * 60;

const isHttps = (config: Config) => config.APP_URL.startsWith('https://');
const deviceCookieName = (config: Config) => (isHttps(config) ? SECURE_NAME : PLAIN_NAME);

/** The device cookie the browser sent, when it sent exactly one. */
export function readDeviceCookie(config: Config, cookies: Map<string, string[]>): string | null {
  const values = cookies.get(deviceCookieName(config)) ?? [];
  return values.length === 1 ? values[0]! : null;
}

export function setDeviceCookie(config: Config, resHeaders: Headers, token: string): void {
  const place = isHttps(config) ? 'Path=/; Secure' : `Path=${PLAIN_PATH}`;
  resHeaders.append(
    'Set-Cookie',
    `${deviceCookieName(config)}=${token}; ${place}; Max-Age=${MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax`,
  );
}
