import { randomBytes } from 'node:crypto';
import { hashToken } from '../auth/tokens';
import type { Deps } from '../deps';

export const RECOVERY_CODE_COUNT = 10;
// Crockford's base32: no i, l, o or u, so a code read aloud or copied by hand survives.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const GROUPS = 4;
const GROUP_LENGTH = 7; // 28 characters: 140 bits

/** One code, "abcdefg-hjkmnpq-rstvwxy-z012345": 140 bits from the CSPRNG. */
function newCode(): string {
  const bytes = randomBytes(GROUPS * GROUP_LENGTH);
  // 256 is a multiple of 32, so taking each byte modulo 32 is unbiased.
  const chars = [...bytes].map((b) => ALPHABET[b % 32]!).join('');
  return chars.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!.join('-');
}

/** What a person typed, as it was issued: case, spaces and dashes ignored, look-alikes read as digits. */
export function normaliseRecoveryCode(typed: string): string {
  return typed.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0');
}

export function looksLikeRecoveryCode(typed: string): boolean {
  return new RegExp(`^[${ALPHABET}]{${GROUPS * GROUP_LENGTH}}$`).test(normaliseRecoveryCode(typed));
}

/** Replaces the account's recovery codes with ten new ones, returned once; only their hashes are kept. */
export async function issueRecoveryCodes({ db, clock }: Pick<Deps, 'db' | 'clock'>, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await db.orm.recoveryCodes.where({ userId }).deleteAll();
  const createdAt = clock();
  await db.orm.recoveryCodes.createAll(
    codes.map((code) => ({ codeHash: hashToken(normaliseRecoveryCode(code)), userId, createdAt })),
  );
  return codes;
}

/**
 * Uses a code: for the one request whose delete removed it (single use under concurrency), when
 * the code was issued; null for everyone else.
 */
export async function spendRecoveryCode({ db }: Pick<Deps, 'db'>, userId: string, typed: string): Promise<Date | null> {
  if (!looksLikeRecoveryCode(typed)) return null;
  const found = await db.orm.recoveryCodes
    .where({ codeHash: hashToken(normaliseRecoveryCode(typed)) })
    .select('_id', 'userId', 'createdAt')
    .first();
  if (!found || found.userId !== userId) return null;
  return (await db.orm.recoveryCodes.where({ _id: found._id }).deleteAndCount()) === 1 ? found.createdAt : null;
}

export async function recoveryCodesLeft({ db }: Pick<Deps, 'db'>, userId: string): Promise<number> {
  return (await db.orm.recoveryCodes.where({ userId }).select('_id').all()).length;
}
