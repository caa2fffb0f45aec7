import { AppError } from '../errors';
import { isDuplicateKey } from '../lib/db-errors';
import { claimKey } from '../lib/lock';
import { createSealer } from '../lib/seal';
import type { Config } from '../config';
import type { Deps } from '../deps';
import { matchingStep, newTotpSecret, totpUri } from './totp';

const STEP_MS = 30_000;
const totpSealer = (config: Config) => createSealer(config.DATA_KEY, 'totp');

type FactorDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

/**
 * Starts adding an authenticator app: a new secret, sealed at rest, unconfirmed until a code
 * proves the app holds it. Starting again replaces an unconfirmed one; a confirmed one stays
 * until it is removed.
 */
export async function startAuthenticator(
  deps: FactorDeps,
  user: { _id: string; email: string },
): Promise<{ secret: string; uri: string }> {
  const { db, clock, config } = deps;
  const existing = await db.orm.totpFactors.where({ userId: user._id }).select('_id', 'confirmedAt').first();
  if (existing?.confirmedAt) throw new AppError('ALREADY_ENROLLED');
  if (existing) await db.orm.totpFactors.where({ _id: existing._id }).delete();
  const secret = newTotpSecret();
  await db.orm.totpFactors
    .create({
      userId: user._id,
      sealedSecret: totpSealer(config).seal(secret),
      confirmedAt: null,
      lastUsedStep: 0,
      createdAt: clock(),
    })
    .catch((error: unknown) => {
      // Two tabs starting at once: the other one's secret is the one kept.
      if (isDuplicateKey(error)) throw new AppError('BUSY');
      throw error;
    });
  return { secret, uri: totpUri(secret, user.email) };
}

/**
 * Accepts a code once: it must match a step within one of now, newer than the last accepted
 * one, and its step is claimed with a unique `locks` insert, so two requests carrying the
 * same code cannot both pass (a replay in the same window is refused).
 */
export async function acceptAuthenticatorCode(
  deps: FactorDeps,
  userId: string,
  code: string,
  { confirming = false } = {},
): Promise<boolean> {
  const { db, clock, config } = deps;
  const factor = await db.orm.totpFactors.where({ userId }).select('_id', 'sealedSecret', 'confirmedAt', 'lastUsedStep').first();
  if (!factor || Boolean(factor.confirmedAt) === confirming) return false;
  const now = clock();
  const step = matchingStep(totpSealer(config).open(factor.sealedSecret), code, now);
  if (step === null || step <= factor.lastUsedStep) return false;
  if (!(await claimKey(deps, `totp:${userId}:${step}`, new Date((step + 3) * STEP_MS)))) return false;
  await db.orm.totpFactors.where({ _id: factor._id }).update({ lastUsedStep: step, ...(confirming ? { confirmedAt: now } : {}) });
  return true;
}

export async function hasAuthenticator({ db }: Pick<Deps, 'db'>, userId: string): Promise<boolean> {
  const factor = await db.orm.totpFactors.where({ userId }).select('confirmedAt').first();
  return Boolean(factor?.confirmedAt);
}

export async function removeAuthenticator({ db }: Pick<Deps, 'db'>, userId: string): Promise<void> {
  await db.orm.totpFactors.where({ userId }).deleteAll();
}
