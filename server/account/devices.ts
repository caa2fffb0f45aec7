import { addSeconds, hashToken, newToken } from '../auth/tokens';
import { claimPeriod } from '../store/locks';
import { isDuplicateKey } from '../store/db-errors';
import { describeDevice } from '../lib/device';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';

/** A browser is "known" to an account for this long after its last sign-in there. */
export const KNOWN_DEVICE_DAYS = 30;
const DAY_MS = 86_400_000;
const DEVICE_TOKEN = /^[A-Za-z0-9_-]{43}$/;
// At most one notice per account in each 20-minute period: 3 an hour.
const NOTICE_PERIOD_MS = 20 * 60_000;

export interface SignedInUser {
  _id: string;
  email: string;
  /** Null before the first sign-in, which never gets a notice. */
  firstSignInAt: Date | null;
}

export interface Recognised {
  /** The device token the browser's cookie should hold from now on; none for a client without cookies. */
  token?: string;
  /** Not seen in KNOWN_DEVICE_DAYS (and not the first sign-in): the person was emailed. */
  isNew: boolean;
}

/**
 * Remembers the browser an account signed in from, by the random device cookie it carries
 * (only its SHA-256 is stored), and emails a short notice when the account has signed in
 * before but not from this browser in KNOWN_DEVICE_DAYS. A client that cannot keep a cookie
 * (an API client) is never known: it is noticed every time, within the notice limit.
 */
export async function recogniseDevice(
  deps: Deps,
  user: SignedInUser,
  presented: string | null | undefined,
  client: Client,
  { notify, browser }: { notify: boolean; browser: boolean },
): Promise<Recognised> {
  const { db, clock } = deps;
  const now = clock();
  const first = !user.firstSignInAt;
  if (first) await db.orm.users.where({ _id: user._id }).update({ firstSignInAt: now });
  let token: string | undefined;
  let known = false;
  if (browser) {
    token = presented && DEVICE_TOKEN.test(presented) ? presented : newToken().token;
    const key = `${user._id}:${hashToken(token)}`;
    const expiresAt = addSeconds(now, KNOWN_DEVICE_DAYS * 86_400);
    const found = await db.orm.knownDevices.where({ key }).select('_id', 'expiresAt').first();
    known = found !== null && found.expiresAt > now;
    // Extended at most once a day: a browser signing in often costs one read, not a write each time.
    if (found && found.expiresAt.getTime() - now.getTime() < (KNOWN_DEVICE_DAYS - 1) * DAY_MS) {
      await db.orm.knownDevices.where({ _id: found._id }).update({ expiresAt });
    } else if (!found) {
      await db.orm.knownDevices.create({ key, userId: user._id, expiresAt }).catch((error: unknown) => {
        // The same browser signing in twice at once: either insert records it.
        if (!isDuplicateKey(error)) throw error;
      });
    }
  }
  const isNew = notify && !known && !first;
  if (isNew) await noticeNewDevice(deps, user, client, now);
  return { ...(token ? { token } : {}), isNew };
}

/**
 * The key of the browser's device cookie when this account knows that browser (it signed in
 * there within KNOWN_DEVICE_DAYS), else null: a known browser gets a budget of its own for
 * wrong second-factor codes (server/mfa/verify-factor.ts).
 */
export async function knownDeviceKey(
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  userId: string,
  presented: string | null | undefined,
): Promise<string | null> {
  if (!presented || !DEVICE_TOKEN.test(presented)) return null;
  const key = `${userId}:${hashToken(presented)}`;
  const found = await db.orm.knownDevices.where({ key }).select('expiresAt').first();
  return found && found.expiresAt > clock() ? key : null;
}

async function noticeNewDevice(deps: Deps, user: SignedInUser, client: Client, now: Date): Promise<void> {
  // A burst of sign-ins from fresh browsers (or API clients) sends a few notices, not a flood.
  if (!(await claimPeriod(deps, `new-device:${user._id}`, NOTICE_PERIOD_MS))) return;
  const at = now.toUTCString().replace('GMT', 'UTC');
  await deps.comms.send(user.email, { kind: 'new-device', device: describeDevice(client.userAgent), ip: client.ip, at });
}
