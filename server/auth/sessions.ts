import { randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import type { Deps } from '../services';
import { issueAccessToken } from './access-token';
import type { Client } from './sign-up';
import { addSeconds, hashToken, newToken } from './tokens';

export interface SessionUser {
  _id: string;
  email: string;
  organisationId: string;
}

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: { id: string; email: string; organisationId: string };
}

/**
 * Issues an access token and a refresh token. A new sign-in starts a family whose absolute
 * expiry every rotated token inherits, so a session lasts REFRESH_TOKEN_TTL at most.
 */
export async function createSession(deps: Deps, user: SessionUser, client: Client, parent?: RotatedToken): Promise<Session> {
  const familyId = parent?.familyId ?? randomUUID();
  const expiresAt = parent?.expiresAt ?? addSeconds(deps.clock(), deps.config.REFRESH_TOKEN_TTL);
  const { token, tokenHash } = newToken();
  // For a rotation this insert is the claim: the unique parentHash admits one successor only.
  await deps.db.orm.refreshTokens.create({
    tokenHash,
    parentHash: parent?.tokenHash ?? `family:${familyId}`,
    userId: user._id,
    familyId,
    expiresAt,
    userAgent: client.userAgent,
    ip: client.ip,
    createdAt: deps.clock(), // the grace window is measured from it, on the service clock
  });
  const access = await issueAccessToken(deps, {
    userId: user._id,
    organisationId: user.organisationId,
    email: user.email,
  });
  return {
    accessToken: access.accessToken,
    accessTokenExpiresAt: access.expiresAt,
    refreshToken: token,
    refreshTokenExpiresAt: expiresAt,
    user: { id: user._id, email: user.email, organisationId: user.organisationId },
  };
}

interface RotatedToken {
  tokenHash: string;
  familyId: string;
  expiresAt: Date;
}

/**
 * Rotates a refresh token (RFC 9700): a new pair is issued in the presented token's family,
 * and inserting the successor is the atomic claim (unique parentHash). A token presented again
 * after its rotation revokes the whole family, except within the grace window, where the loser
 * of a race between two tabs gets REFRESH_CONFLICT and retries with the cookie the winner set
 * (docs/auth.md).
 */
export async function refreshTokens(deps: Deps, refreshToken: string, client: Client): Promise<Session> {
  const { db, clock } = deps;
  const tokenHash = hashToken(refreshToken);
  const presented = await db.orm.refreshTokens.where({ tokenHash }).select('userId', 'familyId', 'expiresAt').first();
  if (!presented || presented.expiresAt <= clock()) throw new AppError('INVALID_REFRESH_TOKEN');
  const user = await db.orm.users.where({ _id: presented.userId }).select('_id', 'email', 'organisationId', 'verified').first();
  if (!user?.verified) throw new AppError('INVALID_REFRESH_TOKEN');
  try {
    return await createSession(deps, user, client, { tokenHash, familyId: presented.familyId, expiresAt: presented.expiresAt });
  } catch (error) {
    if (!/duplicate key/i.test((error as Error).message)) throw error;
    return handleReuse(deps, tokenHash, presented.familyId, client);
  }
}

async function handleReuse(
  { db, clock, config, log }: Deps,
  tokenHash: string,
  familyId: string,
  client: Client,
): Promise<never> {
  const successor = await db.orm.refreshTokens.where({ parentHash: tokenHash }).select('createdAt').first();
  if (successor && clock().getTime() - successor.createdAt.getTime() <= config.REFRESH_GRACE_SECONDS * 1000) {
    throw new AppError('REFRESH_CONFLICT');
  }
  await db.orm.refreshTokens.where({ familyId }).deleteAll();
  log.warn('refresh token reused after rotation: family revoked', { familyId, ip: client.ip });
  throw new AppError('INVALID_REFRESH_TOKEN');
}

/** Ends the session the token belongs to (its whole family). Idempotent. */
export async function removeRefreshToken({ db }: Deps, refreshToken: string): Promise<void> {
  const found = await db.orm.refreshTokens
    .where({ tokenHash: hashToken(refreshToken) })
    .select('familyId')
    .first();
  if (found) await db.orm.refreshTokens.where({ familyId: found.familyId }).deleteAll();
}

/** Signs the user out everywhere. */
export async function revokeUserRefreshTokens({ db }: Deps, userId: string): Promise<void> {
  await db.orm.refreshTokens.where({ userId }).deleteAll();
}
