import type { Session } from '../auth/sessions';
import { AppError } from '../errors';
import type { Context } from './context';

export const REFRESH_COOKIE = 'tl_refresh';
// The browser sends the refresh token to the API only, never to pages or assets.
const COOKIE_PATH = '/api/trpc';

function attributes(ctx: Context, maxAgeSeconds: number): string {
  const secure = ctx.deps.config.APP_URL.startsWith('https://') ? '; Secure' : '';
  return `Path=${COOKIE_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`;
}

/** The seed's setRefreshToken decorator: hands the refresh token to the browser as an httpOnly cookie. */
export function setRefreshCookie(ctx: Context, token: string, expiresAt: Date): void {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - ctx.deps.clock().getTime()) / 1000));
  ctx.resHeaders.append('Set-Cookie', `${REFRESH_COOKIE}=${token}; ${attributes(ctx, maxAge)}`);
}

export function clearRefreshCookie(ctx: Context): void {
  ctx.resHeaders.append('Set-Cookie', `${REFRESH_COOKIE}=; ${attributes(ctx, 0)}`);
}

/**
 * The seed's refreshToken decorator: the token from the input (non-browser clients) or from
 * the cookie. A cookie-borne token is honoured only on a same-origin request (CSRF).
 */
export function readRefreshToken(
  ctx: Context,
  fromInput: string | undefined,
): { token: string; source: 'input' | 'cookie' } | null {
  if (fromInput) return { token: fromInput, source: 'input' };
  const cookie = ctx.meta.cookies.get(REFRESH_COOKIE);
  if (!cookie) return null;
  if (ctx.meta.origin !== new URL(ctx.deps.config.APP_URL).origin) throw new AppError('CROSS_SITE_REQUEST');
  return { token: cookie, source: 'cookie' };
}

export interface SessionReply {
  accessToken: string;
  accessTokenExpiresAt: string;
  user: Session['user'];
  /** Only for non-browser clients; browsers get the httpOnly cookie instead. */
  refreshToken?: string;
  refreshTokenExpiresAt: string;
}

/** Delivers a session: the refresh token in the cookie for browsers, in the body for other clients. */
export function deliverSession(ctx: Context, session: Session, to: 'cookie' | 'body'): SessionReply {
  const reply: SessionReply = {
    accessToken: session.accessToken,
    accessTokenExpiresAt: session.accessTokenExpiresAt.toISOString(),
    user: session.user,
    refreshTokenExpiresAt: session.refreshTokenExpiresAt.toISOString(),
  };
  if (to === 'body') return { ...reply, refreshToken: session.refreshToken };
  setRefreshCookie(ctx, session.refreshToken, session.refreshTokenExpiresAt);
  return reply;
}
