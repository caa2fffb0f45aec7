import { readFileSync } from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcrypt';
import { AppError } from '../errors';
import type { Deps } from '../services';

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(path.join(process.cwd(), 'server', 'auth', 'data', 'common-passwords.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter(Boolean),
  );
  return common;
}

/** Refuses the 10,000 most common passwords (length rules are in the input schema). */
export function assertPasswordNotCommon(password: string): void {
  if (commonPasswords().has(password.toLowerCase())) throw new AppError('WEAK_PASSWORD');
}

export function hashPassword({ config }: Pick<Deps, 'config'>, password: string): Promise<string> {
  return bcrypt.hash(password, config.BCRYPT_COST);
}

const dummyHashes = new Map<number, Promise<string>>();

function dummyHash(cost: number): Promise<string> {
  let dummy = dummyHashes.get(cost);
  if (!dummy) {
    dummy = bcrypt.hash('not-a-real-password', cost);
    dummyHashes.set(cost, dummy);
  }
  return dummy;
}

/** Computes the dummy hash ahead of the first sign-in, which would otherwise pay for it. */
export function warmDummyHash(config: Deps['config']): void {
  void dummyHash(config.BCRYPT_COST);
}

/**
 * Compares against the user's hash, or against a dummy hash of the same cost when there is
 * no user, so that an unknown email costs the same time as a wrong password.
 */
export async function passwordMatches({ config }: Pick<Deps, 'config'>, password: string, hash: string | null): Promise<boolean> {
  if (hash) return bcrypt.compare(password, hash);
  await bcrypt.compare(password, await dummyHash(config.BCRYPT_COST));
  return false;
}
