import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcrypt';
import { AppError } from '../errors';
import type { Deps } from '../deps';

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

/** Refuses the 10,000 most common passwords (length rules are in password-rules.ts). */
export function assertPasswordNotCommon(password: string): void {
  if (commonPasswords().has(password.toLowerCase())) throw new AppError('WEAK_PASSWORD');
}

type PasswordDeps = Pick<Deps, 'config' | 'hashing'>;

// Stored hashes of this scheme: "$tlp1$" + bcrypt(base64(HMAC-SHA-256(pepper, password))).
// The HMAC gives bcrypt 44 bytes whatever the password's length or script (bcrypt reads only
// 72 bytes), and without the pepper, which is not in the database, a stolen hash cannot be
// guessed at. A hash without the prefix is release one's bcrypt(password), re-hashed at the
// next successful sign-in.
const SCHEME = '$tlp1$';
const LEGACY_MAX_BYTES = 72;

function peppered({ config }: Pick<Deps, 'config'>, password: string): string {
  return createHmac('sha256', config.PASSWORD_PEPPER).update(password, 'utf8').digest('base64');
}

export function hashPassword(deps: PasswordDeps, password: string): Promise<string> {
  return deps.hashing.run(async () => SCHEME + (await bcrypt.hash(peppered(deps, password), deps.config.BCRYPT_COST)));
}

const dummyHashes = new Map<string, Promise<string>>();

/** A hash of the current scheme and cost that no password matches: unknown emails cost the same as wrong passwords. */
function dummyHash(deps: PasswordDeps): Promise<string> {
  const key = `${deps.config.BCRYPT_COST}:${deps.config.PASSWORD_PEPPER}`;
  let dummy = dummyHashes.get(key);
  if (!dummy) {
    dummy = bcrypt.hash(peppered(deps, 'not-a-real-password'), deps.config.BCRYPT_COST).then((h) => SCHEME + h);
    dummyHashes.set(key, dummy);
  }
  return dummy;
}

/** Computes the dummy hash ahead of the first sign-in, which would otherwise pay for it. */
export function warmDummyHash(deps: PasswordDeps): Promise<unknown> {
  return dummyHash(deps);
}

export interface PasswordCheck {
  matches: boolean;
  /** The stored hash is of an older scheme or cost: store `hashPassword(password)` now. */
  needsRehash: boolean;
}

/**
 * Compares against the user's hash, or against a dummy hash of the same cost when there is
 * no user, so that an unknown email costs the same time as a wrong password.
 */
export async function checkPassword(deps: PasswordDeps, password: string, stored: string | null): Promise<PasswordCheck> {
  const hash = stored ?? (await dummyHash(deps));
  return deps.hashing.run(async () => {
    if (hash.startsWith(SCHEME)) {
      const bcryptHash = hash.slice(SCHEME.length);
      const matches = (await bcrypt.compare(peppered(deps, password), bcryptHash)) && stored !== null;
      return { matches, needsRehash: matches && bcrypt.getRounds(bcryptHash) !== deps.config.BCRYPT_COST };
    }
    // bcrypt would compare only the first 72 bytes: a longer password cannot be the legacy one.
    const fits = Buffer.byteLength(password, 'utf8') <= LEGACY_MAX_BYTES;
    const matches = (await bcrypt.compare(fits ? password : '', hash)) && fits;
    return { matches, needsRehash: matches };
  });
}
