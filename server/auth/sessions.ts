import { timingSafeEqual } from 'node:crypto';
import { audit } from '../account/audit';
import { epochHolds } from '../account/credentials';
import { AppError } from '../errors';
import { isDuplicateKey } from '../store/db-errors';
import { securityEvent } from '../lib/security-log';
import type { Deps } from '../deps';
import { issueAccessToken, type AccessClaims } from './access-token';
import type { Client } from '../lib/client';
import { addSeconds, hashToken, newToken } from './tokens';

export interface SessionUser {
  _id: string;
  email: string;
}

export interface Session {
  sessionId: string;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: { id: string; email: string };
  /** For a browser sign-in: the device cookie to keep (server/account/devices.ts). */
  deviceToken?: string;
}

// A refresh token is the session's id (24 hex digits) followed by a 256-bit secret, so that
// every read it causes is by `_id` and only the secret's hash is stored.
const REFRESH_TOKEN = /^([0-9a-f]{24})([A-Za-z0-9_-]{43})$/;

function parseRefreshToken(token: string): { sessionId: string; secretHash: string } | null {
  const match = REFRESH_TOKEN.exec(token);
  return match ? { sessionId: match[1]!, secretHash: hashToken(match[2]!) } : null;
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The sooner of the session's absolute end and the idle timeout counted from now. */
function nextExpiry({ config }: Pick<Deps, 'config'>, now: Date, absolute: Date): Date {
  const idle = addSeconds(now, config.SESSION_IDLE_TIMEOUT);
  return idle < absolute ? idle : absolute;
}

async function deliver(deps: Deps, user: SessionUser, sessionId: string, secret: string, absolute: Date): Promise<Session> {
  const access = await issueAccessToken(deps, { userId: user._id, email: user.email, sessionId });
  return {
    sessionId,
    accessToken: access.accessToken,
    accessTokenExpiresAt: access.expiresAt,
    refreshToken: `${sessionId}${secret}`,
    refreshTokenExpiresAt: absolute,
    user: { id: user._id, email: user.email },
  };
}

/** Starts a session: it lasts REFRESH_TOKEN_TTL at most, and ends sooner after SESSION_IDLE_TIMEOUT without a refresh. */
export async function createSession(deps: Deps, user: SessionUser, client: Client): Promise<Session> {
  const now = deps.clock();
  const absolute = addSeconds(now, deps.config.REFRESH_TOKEN_TTL);
  const { token: secret, tokenHash } = newToken();
  const session = await deps.db.orm.sessions.create({
    userId: user._id,
    tokenHash,
    expiresAt: nextExpiry(deps, now, absolute),
    absoluteExpiresAt: absolute,
    lastActiveAt: now,
    userAgent: client.userAgent,
    ip: client.ip,
  });
  return deliver(deps, user, session._id, secret, absolute);
}

/**
 * Starts a session for a sign-in whose checks ran under credential epoch `epoch`, then reads the
 * epoch again: a credential event that landed meanwhile (a reset, an undo) either deleted this
 * session already or is seen here, and the session ends before anyone can use it.
 */
export async function openSessionUnder(deps: Deps, user: SessionUser, client: Client, epoch: string): Promise<Session> {
  const session = await createSession(deps, user, client);
  if (!(await epochHolds(deps, user._id, epoch))) {
    await revokeSession(deps, session.sessionId, 'credentials changed during sign-in');
    throw new AppError('CREDENTIALS_CHANGED');
  }
  return session;
}

/**
 * Rotates a refresh token (RFC 9700). Inserting the rotation record is the claim: its unique
 * parentHash lets one rotation per token succeed. A token presented again after its rotation
 * ends the session, except within the grace window, where the loser of a race between two tabs
 * gets REFRESH_CONFLICT and retries with the cookie the winner set (docs/auth.md).
 */
export async function refreshTokens(deps: Deps, refreshToken: string, client: Client): Promise<Session> {
  const { db, clock } = deps;
  const presented = parseRefreshToken(refreshToken);
  if (!presented) throw new AppError('INVALID_REFRESH_TOKEN');
  const now = clock();
  const session = await db.orm.sessions
    .where({ _id: presented.sessionId })
    .select('_id', 'userId', 'tokenHash', 'expiresAt', 'absoluteExpiresAt')
    .first();
  if (!session || session.expiresAt <= now) throw new AppError('INVALID_REFRESH_TOKEN');
  if (!sameHash(presented.secretHash, session.tokenHash)) return refuseStale(deps, session, presented.secretHash, client);

  // The rotation's insert is the claim; the user is read alongside it (one round trip fewer).
  const [user, claimed] = await Promise.all([
    db.orm.users.where({ _id: session.userId }).select('_id', 'email', 'verified').first(),
    db.orm.refreshRotations
      .create({ parentHash: presented.secretHash, sessionId: session._id, rotatedAt: now, expiresAt: session.absoluteExpiresAt })
      .then(
        () => true,
        (error: unknown) => {
          if (!isDuplicateKey(error)) throw error;
          return false;
        },
      ),
  ]);
  if (!claimed) return refuseStale(deps, session, presented.secretHash, client);
  if (!user?.verified) {
    await revokeSession(deps, session._id, 'account no longer usable');
    throw new AppError('INVALID_REFRESH_TOKEN');
  }
  const { token: secret, tokenHash } = newToken();
  await db.orm.sessions
    .where({ _id: session._id })
    .update({ tokenHash, lastActiveAt: now, expiresAt: nextExpiry(deps, now, session.absoluteExpiresAt) });
  // A revocation that landed during the rotation deleted the session, and the update above
  // matched nothing: read again after writing, so the revocation always wins.
  if (!(await db.orm.sessions.where({ _id: session._id }).select('_id').first())) throw new AppError('INVALID_REFRESH_TOKEN');
  return deliver(deps, user, session._id, secret, session.absoluteExpiresAt);
}

/** A token that is not the session's current one: a tab that lost a race, or reuse after theft. */
async function refuseStale(
  deps: Deps,
  { _id: sessionId, userId }: { _id: string; userId: string },
  secretHash: string,
  client: Client,
): Promise<never> {
  const { db, clock, config, log } = deps;
  const rotation = await db.orm.refreshRotations.where({ parentHash: secretHash }).select('sessionId', 'rotatedAt').first();
  if (!rotation || rotation.sessionId !== sessionId) throw new AppError('INVALID_REFRESH_TOKEN');
  if (clock().getTime() - rotation.rotatedAt.getTime() <= config.REFRESH_GRACE_SECONDS * 1000) {
    throw new AppError('REFRESH_CONFLICT');
  }
  securityEvent(log, 'refresh.reuse_detected', { sessionId, ip: client.ip });
  await revokeSession(deps, sessionId, 'refresh token reused');
  await audit(deps, { type: 'refresh.reuse_detected', userId, detail: 'the session was ended', client });
  throw new AppError('INVALID_REFRESH_TOKEN');
}

/** Ends one session: its refresh token stops working, and so do its access tokens at their next call. */
export async function revokeSession({ db, log }: Pick<Deps, 'db' | 'log'>, sessionId: string, reason: string): Promise<void> {
  const ended = await db.orm.sessions.where({ _id: sessionId }).deleteAndCount();
  await db.orm.refreshRotations.where({ sessionId }).deleteAll();
  if (ended > 0) securityEvent(log, 'session.revoked', { sessionId, reason });
}

/** Ends every session of a user (sign out everywhere), or every one but `keep`. */
export async function revokeUserSessions(
  deps: Pick<Deps, 'db' | 'log'>,
  userId: string,
  reason: string,
  keep?: string,
): Promise<void> {
  const sessions = await deps.db.orm.sessions.where({ userId }).select('_id').all();
  await Promise.all(sessions.filter((s) => s._id !== keep).map((s) => revokeSession(deps, s._id, reason)));
}

/** Ends the session a refresh token belongs to, if the token is its current or an earlier one. Idempotent. */
export async function endSessionOfToken(deps: Deps, refreshToken: string): Promise<void> {
  const presented = parseRefreshToken(refreshToken);
  if (!presented) return;
  const session = await deps.db.orm.sessions.where({ _id: presented.sessionId }).select('_id', 'tokenHash').first();
  if (!session) return;
  const current = sameHash(presented.secretHash, session.tokenHash);
  const earlier =
    !current &&
    (await deps.db.orm.refreshRotations.where({ parentHash: presented.secretHash }).select('sessionId').first())?.sessionId ===
      session._id;
  if (current || earlier) await revokeSession(deps, session._id, 'signed out');
}

/**
 * Refuses an access token whose session has ended. One read by `_id` in a collection that
 * holds live sessions only, so its cost does not grow with history.
 */
export async function assertSessionLive({ db, clock }: Pick<Deps, 'db' | 'clock'>, claims: AccessClaims): Promise<void> {
  if (!/^[0-9a-f]{24}$/.test(claims.sessionId)) throw new AppError('UNAUTHENTICATED');
  const session = await db.orm.sessions.where({ _id: claims.sessionId }).select('userId', 'expiresAt').first();
  if (!session || session.userId !== claims.userId || session.expiresAt <= clock()) throw new AppError('UNAUTHENTICATED');
}
