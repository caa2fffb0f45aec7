import { consumeLimit, LIMITS } from '../auth/rate-limit';
import { addSeconds, hashToken, newToken } from '../auth/tokens';
import { AppError } from '../errors';
import { isDuplicateKey } from '../lib/db-errors';
import { describeDevice } from '../lib/device';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';
import { audit } from './audit';

/** A browser is "known" to an account for this long after its last sign-in there. */
export const KNOWN_DEVICE_DAYS = 30;
const DEVICE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface SignedInUser {
  _id: string;
  email: string;
  /** Null before the first sign-in, which never gets a notice. */
  lastSignInAt: Date | null;
}

/**
 * Remembers the browser an account signed in from, by the random device cookie it carries
 * (only its SHA-256 is stored), and emails a short notice when the account has signed in
 * before but not from this browser in KNOWN_DEVICE_DAYS. Returns the device token the
 * cookie should hold from now on (a new one when the browser had none).
 */
export async function recogniseDevice(
  deps: Deps,
  user: SignedInUser,
  presented: string | null | undefined,
  client: Client,
  { notify }: { notify: boolean },
): Promise<string> {
  const { db, clock } = deps;
  const now = clock();
  const token = presented && DEVICE_TOKEN.test(presented) ? presented : newToken().token;
  const key = `${user._id}:${hashToken(token)}`;
  const expiresAt = addSeconds(now, KNOWN_DEVICE_DAYS * 86_400);

  const found = await db.orm.knownDevices.where({ key }).select('_id', 'expiresAt').first();
  const known = found !== null && found.expiresAt > now;
  if (found) await db.orm.knownDevices.where({ _id: found._id }).update({ expiresAt });
  else {
    await db.orm.knownDevices.create({ key, userId: user._id, expiresAt }).catch((error: unknown) => {
      // The same browser signing in twice at once: either insert records it.
      if (!isDuplicateKey(error)) throw error;
    });
  }
  await db.orm.users.where({ _id: user._id }).update({ lastSignInAt: now });

  if (notify && !known && user.lastSignInAt) await noticeNewDevice(deps, user, client, now);
  return token;
}

async function noticeNewDevice(deps: Deps, user: SignedInUser, client: Client, now: Date): Promise<void> {
  const device = describeDevice(client.userAgent);
  await audit(deps, { type: 'sign_in.new_device', userId: user._id, client });
  try {
    // A burst of sign-ins from fresh browsers (or cookie-less API clients) sends a few notices, not a flood.
    await consumeLimit(deps, LIMITS.newDeviceNoticesPerAccount, user._id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'RATE_LIMITED') return;
    throw error;
  }
  const at = `${now.toUTCString().replace('GMT', 'UTC')}`;
  await deps.comms.send(user.email, { kind: 'new-device', device, ip: client.ip, at });
}
