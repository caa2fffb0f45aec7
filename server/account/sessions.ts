import { UAParser } from 'ua-parser-js';
import type { AccessClaims } from '../auth/access-token';
import { revokeSession, revokeUserSessions } from '../auth/sessions';
import type { Deps } from '../deps';
import { AppError } from '../errors';

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

export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const { browser, os } = new UAParser(userAgent).getResult();
  const name = [browser.name, browser.major].filter(Boolean).join(' ');
  const system = [os.name, os.version].filter(Boolean).join(' ');
  if (name && system) return `${name} on ${system}`;
  return name || system || 'Unknown device';
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
export async function endSession(deps: Deps, claims: AccessClaims, sessionId: string): Promise<void> {
  const session = await deps.db.orm.sessions.where({ _id: sessionId }).select('userId').first();
  if (session?.userId !== claims.userId) throw new AppError('NOT_FOUND');
  await revokeSession(deps, sessionId, 'ended from the account page');
}

/** Ends every session of the account but the one asking. */
export async function endOtherSessions(deps: Deps, claims: AccessClaims): Promise<void> {
  await revokeUserSessions(deps, claims.userId, 'ended from the account page', claims.sessionId);
}
