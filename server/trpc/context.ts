import { randomUUID } from 'node:crypto';
import { verifyAccessToken, type AccessClaims } from '../auth/access-token';
import { getDeps, type Deps } from '../services';

export interface RequestMeta {
  requestId: string;
  ip: string;
  userAgent: string | null;
  origin: string | null;
  cookies: Map<string, string>;
}

export interface Context {
  deps: Deps;
  meta: RequestMeta;
  resHeaders: Headers;
  user: AccessClaims | null;
}

function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return cookies;
}

/**
 * The rightmost X-Forwarded-For entry: the address the nearest proxy (the load balancer) saw,
 * or, with no proxy, the socket address that `next start` fills in. Entries further left are
 * whatever the client claimed.
 */
function clientIp(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() || 'unknown';
}

/** Reads what the procedures need from the request; a bad or missing bearer token simply leaves `user` null. */
export async function createContext(req: Request, resHeaders: Headers, deps: Deps = getDeps()): Promise<Context> {
  const headers = req.headers;
  const meta: RequestMeta = {
    requestId: randomUUID(),
    ip: clientIp(headers),
    userAgent: headers.get('user-agent')?.slice(0, 300) ?? null,
    origin: headers.get('origin'),
    cookies: parseCookies(headers.get('cookie')),
  };
  const bearer = headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const user = bearer ? await verifyAccessToken(deps, bearer) : null;
  return { deps, meta, resHeaders, user };
}
