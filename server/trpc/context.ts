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

/** Reads what the procedures need from the request; a bad or missing bearer token simply leaves `user` null. */
export async function createContext(req: Request, resHeaders: Headers, deps: Deps = getDeps()): Promise<Context> {
  const headers = req.headers;
  const meta: RequestMeta = {
    requestId: randomUUID(),
    // The first X-Forwarded-For hop is what the load balancer saw; without a proxy it is absent.
    ip: headers.get('x-forwarded-for')?.split(',')[0]?.trim() || headers.get('x-real-ip') || 'local',
    userAgent: headers.get('user-agent')?.slice(0, 300) ?? null,
    origin: headers.get('origin'),
    cookies: parseCookies(headers.get('cookie')),
  };
  const bearer = headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const user = bearer ? await verifyAccessToken(deps, bearer) : null;
  return { deps, meta, resHeaders, user };
}
