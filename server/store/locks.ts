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
  deps: Pick<Deps, 'db' | 'clock'>,
  key: string,
  work: () => Promise<T>,
  options: { wait?: boolean; attempts?: number } = {},
): Promise<T> {
  return withLocks(deps, [key], work, options);
}

/**
 * `withLock` for several keys: taken one after another in the order given (callers sort them,
 * so two holders never wait on each other), held and renewed together, released at once.
 */
export async function withLocks<T>(
  deps: Pick<Deps, 'db' | 'clock'>,
  keys: string[],
  work: () => Promise<T>,
  { wait = true, attempts = ATTEMPTS }: { wait?: boolean; attempts?: number } = {},
): Promise<T> {
  const { db, clock } = deps;
  const held: string[] = [];
  let renew: NodeJS.Timeout | undefined;
  try {
    for (const key of keys) held.push(await take(deps, key, wait ? attempts : 2, wait));
    renew = setInterval(() => {
      const expiresAt = new Date(clock().getTime() + HOLD_MS);
      for (const _id of held) {
        db.orm.locks
          .where({ _id })
          .update({ expiresAt })
          .catch(() => undefined); // a missed renewal is retried at the next tick
      }
    }, HOLD_MS / 4);
    return await work();
  } finally {
    clearInterval(renew);
    await Promise.all(held.map((_id) => db.orm.locks.where({ _id }).delete()));
  }
}

/** Inserts the lock's document, breaking one that expired; its id, or BUSY after `attempts`. */
async function take(deps: Pick<Deps, 'db' | 'clock'>, key: string, attempts: number, wait: boolean): Promise<string> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const id = await claimExpiring(deps, key, new Date(deps.clock().getTime() + HOLD_MS));
    if (id) return id;
    if (wait) await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
  }
  throw new AppError('BUSY');
}

/**
 * Inserts `key` into `locks` until `expiresAt`; a row of it that has expired is deleted (by its
 * _id, so of callers who found the same one, one insert wins) and the insert tried once more.
 * The new row's id, or null while someone else's row holds the key.
 */
export async function claimExpiring(
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  key: string,
  expiresAt: Date,
): Promise<string | null> {
  const insert = () =>
    db.orm.locks
      .create({ key, expiresAt })
      .then((row) => row._id)
      .catch((error: unknown) => {
        if (isDuplicateKey(error)) return null;
        throw error;
      });
  const id = await insert();
  if (id) return id;
  const current = await db.orm.locks.where({ key }).select('_id', 'expiresAt').first();
  if (current && current.expiresAt >= clock()) return null;
  if (current) await db.orm.locks.where({ _id: current._id }).delete();
  return insert();
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
