import { AppError } from '../errors';
import { isDuplicateKey } from '../store/db-errors';
import { claimKey } from '../store/locks';
import { createSealer } from '../lib/seal';
import type { Config } from '../config';
import type { Deps } from '../deps';
import { matchingStep, newTotpSecret, totpUri } from './totp';

const STEP_MS = 30_000;
const totpSealer = (config: Config) => createSealer(config.DATA_KEY, 'totp', config.DATA_KEY_PREVIOUS);

type FactorDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

/**
 * Starts adding an authenticator app: a new secret, sealed at rest, unconfirmed until a code
 * proves the app holds it. Starting again replaces an unconfirmed one; a confirmed one stays
 * until it is removed.
 */
export async function startAuthenticator(
  deps: FactorDeps,
  user: { _id: string; email: string },
  epoch: string,
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
      epoch,
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
 * same code cannot both pass (a replay in the same window is refused). Returns when the app
 * was added, or null for a refused code.
 */
export async function acceptAuthenticatorCode(
  deps: FactorDeps,
  userId: string,
  code: string,
  { confirming = false } = {},
): Promise<Date | null> {
  const { db, clock, config } = deps;
  const factor = await db.orm.totpFactors
    .where({ userId })
    .select('_id', 'sealedSecret', 'confirmedAt', 'lastUsedStep', 'createdAt')
    .first();
  if (!factor || Boolean(factor.confirmedAt) === confirming) return null;
  const now = clock();
  const { plaintext: secret, resealed } = totpSealer(config).unseal(factor.sealedSecret);
  const step = matchingStep(secret, code, now);
  if (step === null || step <= factor.lastUsedStep) return null;
  if (!(await claimKey(deps, `totp:${userId}:${step}`, new Date((step + 3) * STEP_MS)))) return null;
  await db.orm.totpFactors.where({ _id: factor._id }).update({
    lastUsedStep: step,
    ...(confirming ? { confirmedAt: now } : {}),
    // Sealed under DATA_KEY_PREVIOUS: moved to the current key at its first use after a rotation.
    ...(resealed ? { sealedSecret: resealed } : {}),
  });
  return factor.createdAt;
}

/** The credential epoch an unconfirmed app's setup began under (null: none pending). */
export async function pendingAuthenticatorEpoch({ db }: Pick<Deps, 'db'>, userId: string): Promise<string | null> {
  const factor = await db.orm.totpFactors.where({ userId }).select('epoch', 'confirmedAt').first();
  return factor && !factor.confirmedAt ? (factor.epoch ?? '') : null;
}

export async function hasAuthenticator({ db }: Pick<Deps, 'db'>, userId: string): Promise<boolean> {
  const factor = await db.orm.totpFactors.where({ userId }).select('confirmedAt').first();
  return Boolean(factor?.confirmedAt);
}

export async function removeAuthenticator({ db }: Pick<Deps, 'db'>, userId: string): Promise<void> {
  await db.orm.totpFactors.where({ userId }).deleteAll();
}

/**
 * After a DATA_KEY rotation (DATA_KEY_PREVIOUS set): every authenticator secret still sealed
 * under the previous key, sealed again under the current one, so that the previous key can be
 * dropped without waiting for each person's next code. The server runs it as it starts; a
 * concurrent code check writes the same secret, so the two cannot conflict.
 */
export async function resealAuthenticatorSecrets(deps: FactorDeps): Promise<{ resealed: number; unreadable: number }> {
  const sealer = totpSealer(deps.config);
  let resealed = 0;
  let unreadable = 0;
  for (const factor of await deps.db.orm.totpFactors.select('_id', 'sealedSecret').all()) {
    let moved: string | null;
    try {
      moved = sealer.unseal(factor.sealedSecret).resealed;
    } catch {
      unreadable++;
      continue;
    }
    if (!moved) continue;
    await deps.db.orm.totpFactors.where({ _id: factor._id }).update({ sealedSecret: moved });
    resealed++;
  }
  return { resealed, unreadable };
}
