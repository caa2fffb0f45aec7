import { AppError } from '../errors';
import { isDuplicateKey } from './db-errors';
import type { Deps } from '../deps';

const HOLD_MS = 10_000;
const ATTEMPTS = 20;
const PAUSE_MS = 50;

/**
 * Runs `work` while holding a lock shared by every app instance: the lock is a document with
 * a unique key, taken by inserting it and released by deleting it. While `work` runs, the lock's
 * expiry is pushed back every few seconds, so long work (deleting an organisation's tasks) keeps
 * it; a lock left by a crashed instance is broken once it expires. Gives up with BUSY after
 * about a second (`attempts` of 50 ms), or at once with `{ wait: false }`.
 */
export async function withLock<T>(
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  key: string,
  work: () => Promise<T>,
  { wait = true, attempts = ATTEMPTS }: { wait?: boolean; attempts?: number } = {},
): Promise<T> {
  for (let attempt = 0; attempt < (wait ? attempts : 2); attempt++) {
    const expiresAt = new Date(clock().getTime() + HOLD_MS);
    const lock = await db.orm.locks.create({ key, expiresAt }).catch((error: unknown) => {
      if (isDuplicateKey(error)) return null;
      throw error;
    });
    if (lock) {
      const renew = setInterval(() => {
        db.orm.locks
          .where({ _id: lock._id })
          .update({ expiresAt: new Date(clock().getTime() + HOLD_MS) })
          .catch(() => undefined); // a missed renewal is retried at the next tick
      }, HOLD_MS / 4);
      try {
        return await work();
      } finally {
        clearInterval(renew);
        await db.orm.locks.where({ _id: lock._id }).delete();
      }
    }
    const held = await db.orm.locks.where({ key }).select('_id', 'expiresAt').first();
    if (held && held.expiresAt < clock()) await db.orm.locks.where({ _id: held._id }).delete();
    else if (wait) await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  throw new AppError('BUSY');
}

/**
 * Claims `key` for the current period of `periodMs`, across every instance: true for the one
 * caller whose insert of the period's `locks` row succeeded, false for everyone else in it.
 * The row expires `periods` periods after the current one began.
 */
export async function claimPeriod(
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  key: string,
  periodMs: number,
  periods = 1,
): Promise<boolean> {
  const period = Math.floor(clock().getTime() / periodMs);
  return claimKey({ db }, `${key}:${period}`, new Date((period + periods) * periodMs));
}

/** True for the one caller, across every instance, whose insert of `key` into `locks` succeeded. */
export async function claimKey({ db }: Pick<Deps, 'db'>, key: string, expiresAt: Date): Promise<boolean> {
  try {
    await db.orm.locks.create({ key, expiresAt });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}
