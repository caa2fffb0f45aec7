import type { AccessClaims } from '../auth/access-token';
import { revokeSession, revokeUserSessions } from '../auth/sessions';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { describeDevice } from '../lib/device';
import type { Client } from '../lib/client';
import { audit } from './audit';

export interface SessionView {
  id: string;
  /** "Firefox 133 on Ubuntu", read from the user agent; "Unknown device" when it says nothing. */
  device: string;
  ip: string | null;
  signedInAt: Date;
  /** The last refresh: sessions are not written on every call. */
  lastActiveAt: Date;
  /** The session of the device asking. */
  current: boolean;
}

/** Every live session of the signed-in account, most recently active first. */
export async function listSessions({ db, clock }: Deps, claims: AccessClaims): Promise<SessionView[]> {
  const now = clock();
  const rows = await db.orm.sessions
    .where({ userId: claims.userId })
    .select('_id', 'userAgent', 'ip', 'createdAt', 'lastActiveAt', 'expiresAt')
    .all();
  return rows
    .filter((row) => row.expiresAt > now)
    .sort((a, b) => b.lastActiveAt.getTime() - a.lastActiveAt.getTime())
    .map((row) => ({
      id: row._id,
      device: describeDevice(row.userAgent),
      ip: row.ip,
      signedInAt: row.createdAt,
      lastActiveAt: row.lastActiveAt,
      current: row._id === claims.sessionId,
    }));
}

/** Ends one of the account's sessions: its refresh token and its access tokens stop at once. */
export async function endSession(deps: Deps, claims: AccessClaims, sessionId: string, client: Client): Promise<void> {
  const session = await deps.db.orm.sessions.where({ _id: sessionId }).select('userId', 'userAgent').first();
  if (session?.userId !== claims.userId) throw new AppError('NOT_FOUND');
  await revokeSession(deps, sessionId, 'ended from the account page');
  const detail = `${describeDevice(session.userAgent)}, from the account page`;
  await audit(deps, { type: 'session.ended', userId: claims.userId, detail, client });
}

/** Ends every session of the account but the one asking. */
export async function endOtherSessions(deps: Deps, claims: AccessClaims, client: Client): Promise<void> {
  await revokeUserSessions(deps, claims.userId, 'ended from the account page', claims.sessionId);
  await audit(deps, {
    type: 'session.ended',
    userId: claims.userId,
    detail: 'every other session, from the account page',
    client,
  });
}

/** Sign out everywhere, this device included. */
export async function endAllSessions(deps: Deps, claims: AccessClaims, client: Client): Promise<void> {
  await revokeUserSessions(deps, claims.userId, 'signed out everywhere');
  await audit(deps, { type: 'session.ended', userId: claims.userId, detail: 'every session (signed out everywhere)', client });
}
