import { randomUUID } from 'node:crypto';
import { verifyAccessToken, type AccessClaims } from '../auth/access-token';
import { assertSessionLive } from '../auth/sessions';
import { CLIENT_IP_HEADER, DIRECT_LOOPBACK_HEADER, FRONT_SERVER_MARK } from '../http/front-headers.mjs';
import type { Logger } from '../lib/logger';
import type { Deps } from '../deps';
import { readDeviceCookie } from './device-cookie';

export interface RequestMeta {
  requestId: string;
  ip: string;
  /** Straight from this machine's loopback, through no proxy: the operator, not the public. */
  directLoopback: boolean;
  userAgent: string | null;
  origin: string | null;
  /** Every value sent under each name: a name sent twice is how cookie tossing shows. */
  cookies: Map<string, string[]>;
  /** The device cookie (server/trpc/device-cookie.ts), when exactly one was sent. */
  device?: string | null;
  /** The organisation the calling tab works in (x-organisation-id), when it names one. */
  organisationId?: string | null;
  /** A live stream's ticket (server/live/tickets.ts), from the stream's connection parameters. */
  liveTicket?: string | null;
  /** The browser tab's own random id (x-tab-id), when it sends a valid one: live events name it. */
  tab?: string | null;
}

export interface Context {
  deps: Deps;
  meta: RequestMeta;
  resHeaders: Headers;
  /** The claims of a validly signed access token; whether its session is live is `assertLive`'s question. */
  user: AccessClaims | null;
  /** Checks once per request (a batch shares it) that the access token's session has not ended. */
  assertLive: () => Promise<void>;
}

export interface ClientAddress {
  ip: string;
  directLoopback: boolean;
}
export type ReadClient = (headers: Headers) => ClientAddress;

let warned = false;
/**
 * The client as the front server (server/http/serve.mjs) resolved it. In a process it does not
 * front, these headers could be anyone's, so the client is "unknown".
 */
export function clientFromFrontServer(log: Logger): ReadClient {
  return (headers) => {
    if ((globalThis as Record<symbol, unknown>)[FRONT_SERVER_MARK] !== true) {
      if (!warned) log.warn('not behind the Tasklane front server: client addresses are unknown (run `npm start`)');
      warned = true;
      return { ip: 'unknown', directLoopback: false };
    }
    return { ip: headers.get(CLIENT_IP_HEADER) || 'unknown', directLoopback: headers.get(DIRECT_LOOPBACK_HEADER) === '1' };
  };
}

/** Cookies by name; a value that is not valid percent-encoding is ignored, never an error. */
function parseCookies(header: string | null): Map<string, string[]> {
  const cookies = new Map<string, string[]>();
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      continue;
    }
    const name = part.slice(0, eq).trim();
    cookies.set(name, [...(cookies.get(name) ?? []), value]);
  }
  return cookies;
}

function once<T>(work: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= work());
}

/**
 * What procedures read, apart from HTTP: the dependencies, who is calling and the (signature-
 * checked) access-token claims. Tests build it directly for a typed caller.
 */
export function createInnerContext(
  deps: Deps,
  meta: RequestMeta,
  user: AccessClaims | null,
  resHeaders = new Headers(),
): Context {
  return { deps, meta, resHeaders, user, assertLive: once(() => (user ? assertSessionLive(deps, user) : Promise.resolve())) };
}

export const ORGANISATION_HEADER = 'x-organisation-id';
const OBJECT_ID = /^[0-9a-f]{24}$/;
/** Anything but an id is no choice at all: the call is then refused as naming no organisation. */
function readOrganisationHeader(headers: Headers): string | null {
  const value = headers.get(ORGANISATION_HEADER);
  return value && OBJECT_ID.test(value) ? value : null;
}

const TAB = /^[0-9a-f-]{36}$/;
/** A tab's id as the app makes them (a UUID); anything else is no tab. */
const readTab = (headers: Headers) => {
  const value = headers.get('x-tab-id');
  return value && TAB.test(value) ? value : null;
};

/** Reads a request into a context; a bad or missing bearer token simply leaves `user` null. */
export async function createContext(
  req: Request,
  resHeaders: Headers,
  deps: Deps,
  readClient: ReadClient,
  connectionParams: Record<string, string | undefined> | null = null,
): Promise<Context> {
  const headers = req.headers;
  const cookies = parseCookies(headers.get('cookie'));
  const meta: RequestMeta = {
    requestId: randomUUID(),
    ...readClient(headers),
    userAgent: headers.get('user-agent')?.slice(0, 300) ?? null,
    origin: headers.get('origin'),
    cookies,
    device: readDeviceCookie(deps.config, cookies),
    organisationId: readOrganisationHeader(headers),
    liveTicket: connectionParams?.['ticket'] ?? null,
    tab: readTab(headers),
  };
  const bearer = headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const user = bearer ? await verifyAccessToken(deps, bearer) : null;
  return createInnerContext(deps, meta, user, resHeaders);
}
