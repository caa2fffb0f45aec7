import type { Session } from '../auth/sessions';
import type { SecondStep } from '../mfa/second-step';
import { AppError } from '../errors';
import { securityEvent } from '../lib/security-log';
import type { Context } from './context';
import { setDeviceCookie } from './device-cookie';

// Over https the cookie is `__Host-` prefixed: the browser then accepts it only from this
// exact host, with Path=/ and Secure, so a sibling subdomain cannot plant one (cookie tossing).
// Plain http (localhost development) cannot use the prefix; there the cookie goes to the API only.
const SECURE_NAME = '__Host-tl_refresh';
const PLAIN_NAME = 'tl_refresh';
const PLAIN_PATH = '/api/trpc';

const isHttps = (ctx: Context) => ctx.deps.config.APP_URL.startsWith('https://');
export const refreshCookieName = (ctx: Context) => (isHttps(ctx) ? SECURE_NAME : PLAIN_NAME);

function cookie(ctx: Context, value: string, maxAgeSeconds: number): string {
  const place = isHttps(ctx) ? 'Path=/; Secure' : `Path=${PLAIN_PATH}`;
  return `${refreshCookieName(ctx)}=${value}; ${place}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict`;
}

/** Hands the refresh token to the browser as an httpOnly cookie. */
export function setRefreshCookie(ctx: Context, token: string, expiresAt: Date): void {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - ctx.deps.clock().getTime()) / 1000));
  ctx.resHeaders.append('Set-Cookie', cookie(ctx, token, maxAge));
}

export function clearRefreshCookie(ctx: Context): void {
  ctx.resHeaders.append('Set-Cookie', cookie(ctx, '', 0));
}

/**
 * The refresh token from the input (non-browser clients) or from the cookie. A cookie-borne
 * token is honoured only on a same-origin request (CSRF), and only when exactly one was sent.
 */
export function readRefreshToken(
  ctx: Context,
  fromInput: string | undefined,
): { token: string; source: 'input' | 'cookie' } | null {
  if (fromInput) return { token: fromInput, source: 'input' };
  if (isHttps(ctx) && ctx.meta.cookies.has(PLAIN_NAME)) {
    // Left from before the prefix (or planted): it is never read, only cleared.
    ctx.resHeaders.append('Set-Cookie', `${PLAIN_NAME}=; Path=${PLAIN_PATH}; Max-Age=0; HttpOnly; SameSite=Strict; Secure`);
  }
  const values = ctx.meta.cookies.get(refreshCookieName(ctx)) ?? [];
  if (values.length === 0) return null;
  if (ctx.meta.origin !== new URL(ctx.deps.config.APP_URL).origin) {
    securityEvent(ctx.deps.log, 'csrf.refused', { ip: ctx.meta.ip, requestId: ctx.meta.requestId });
    throw new AppError('CROSS_SITE_REQUEST');
  }
  if (values.length > 1) {
    securityEvent(ctx.deps.log, 'cookie.conflict', { ip: ctx.meta.ip, requestId: ctx.meta.requestId });
    clearRefreshCookie(ctx);
    throw new AppError('CONFLICTING_COOKIES');
  }
  return { token: values[0]!, source: 'cookie' };
}

export interface SessionReply {
  accessToken: string;
  accessTokenExpiresAt: Date;
  user: Session['user'];
  /** Only for non-browser clients; browsers get the httpOnly cookie instead. */
  refreshToken?: string;
  refreshTokenExpiresAt: Date;
}

/** Delivers a session: the refresh token in the cookie for browsers, in the body for other clients. */
export function deliverSession(ctx: Context, session: Session, to: 'cookie' | 'body'): SessionReply {
  const reply: SessionReply = {
    accessToken: session.accessToken,
    accessTokenExpiresAt: session.accessTokenExpiresAt,
    user: session.user,
    refreshTokenExpiresAt: session.refreshTokenExpiresAt,
  };
  if (to === 'body') return { ...reply, refreshToken: session.refreshToken };
  if (session.deviceToken) setDeviceCookie(ctx.deps.config, ctx.resHeaders, session.deviceToken);
  setRefreshCookie(ctx, session.refreshToken, session.refreshTokenExpiresAt);
  return reply;
}

/** A sign-in that needs its second step answers with the step's token instead of a session. */
export function deliverSignIn(ctx: Context, result: Session | SecondStep, to: 'cookie' | 'body'): SessionReply | SecondStep {
  return 'secondFactorToken' in result ? result : deliverSession(ctx, result, to);
}
