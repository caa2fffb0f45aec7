import { randomBytes, randomUUID } from 'node:crypto';
import { createDatabase } from '@/prisma/db';
import { applyContract } from '@/scripts/db-apply.mjs';
import { parseConfig } from '@/server/config';
import type { Logger } from '@/server/lib/logger';
import { createDeps } from '@/server/composition-root';
import { startOutboxSender } from '@/server/comms/sender';
import type { Deps } from '@/server/deps';
import { parseTrustProxy, stampClientAddress } from '@/server/http/client-address.mjs';
import { CLIENT_IP_HEADER, DIRECT_LOOPBACK_HEADER } from '@/server/http/front-headers.mjs';
import { verifyAccessToken } from '@/server/auth/access-token';
import { membershipsOf } from '@/server/organisation/membership';
import { createInnerContext, type ReadClient } from '@/server/trpc/context';
import { createCallerFactory } from '@/server/trpc/init';
import { appRouter } from '@/server/trpc/routers/_app';
import { createTrpcHandler } from '@/server/trpc/http-handler';
import { startMailCatcher, type MailCatcher } from '@/scripts/lib/mail-catcher';

const createCaller = createCallerFactory(appRouter);
/** The router, called in-process with full types: what behaviour tests use. */
export type Caller = ReturnType<typeof createCaller>;

export interface Harness {
  deps: Deps;
  mail: MailCatcher;
  logs: string[];
  /** Moves the harness clock forward. */
  advance(ms: number): void;
  /**
   * A typed caller, signed in with `accessToken` when one is given (it must be valid), speaking
   * from `ip` (127.0.0.1 by default) at APP_URL's origin. Like a browser tab, it works in an
   * organisation: `organisationId`, or else the person's first (null: none named).
   */
  caller(accessToken?: string, as?: { ip?: string; organisationId?: string | null }): Promise<Caller>;
  /** Calls the real tRPC HTTP handler in-process. */
  http(path: string, init?: { input?: unknown; method?: 'GET' | 'POST'; headers?: Record<string, string> }): Promise<HttpReply>;
  /** The real tRPC HTTP handler's response as it streams (a live stream's server-sent events). */
  handle(request: Request): Promise<Response>;
  close(): Promise<void>;
}

export interface HttpReply {
  status: number;
  body: { result?: { data: unknown }; error?: { message: string; data: Record<string, unknown> } };
  headers: Headers;
}

/**
 * Plays the front server (server/http/serve.mjs) for in-process requests: a peer on 127.0.0.1
 * and the real address resolution, trusting loopback by default (TRUST_PROXY in `env`), so a
 * test sets X-Forwarded-For to speak as many clients.
 */
function frontServer(trustProxy: string): ReadClient {
  const trust = parseTrustProxy(trustProxy);
  return (headers) => {
    const req = { socket: { remoteAddress: '127.0.0.1' }, headers: Object.fromEntries(headers) as Record<string, string> };
    stampClientAddress(req, trust);
    return { ip: String(req.headers[CLIENT_IP_HEADER]), directLoopback: req.headers[DIRECT_LOOPBACK_HEADER] === '1' };
  };
}

/** A fresh database on the test FerretDB, a real SMTP server, and the services wired to both. */
export async function createHarness(env: Record<string, string> = {}): Promise<Harness> {
  const baseUrl = process.env['TEST_DATABASE_URL'];
  if (!baseUrl) throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`.');
  const mail = await startMailCatcher();
  const dbName = `t_${randomBytes(6).toString('hex')}`;
  const config = parseConfig({
    DATABASE_URL: baseUrl.replace(/\/[^/]*$/, `/${dbName}`),
    JWT_SECRET: randomBytes(32).toString('base64url'),
    PASSWORD_PEPPER: randomBytes(32).toString('base64url'),
    DATA_KEY: randomBytes(32).toString('base64url'),
    SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
    APP_URL: 'http://localhost:3000',
    BCRYPT_COST: '4',
    ENUMERATION_FLOOR_MS: '0',
    NODE_ENV: 'test',
    ...env,
  });
  await applyContract(config.DATABASE_URL, { quiet: true });
  const db = createDatabase(config.DATABASE_URL);
  const logs: string[] = [];
  const log: Logger = {
    info: (m, f) => logs.push(JSON.stringify({ level: 'info', m, ...f })),
    warn: (m, f) => logs.push(JSON.stringify({ level: 'warn', m, ...f })),
    error: (m, f) => logs.push(JSON.stringify({ level: 'error', m, ...f })),
  };
  let offset = 0;
  const deps = createDeps(config, db, { log, clock: () => new Date(Date.now() + offset) });
  // The outbox's sender, as in a server process; polling often, for tests that wait out retries.
  const sender = startOutboxSender(deps, { pollMs: 100 });
  const handler = createTrpcHandler(() => deps, frontServer(env['TRUST_PROXY'] ?? 'loopback'));

  const firstOrganisation = async (userId: string) =>
    (await membershipsOf(deps, userId)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0]?.organisationId ?? null;

  return {
    deps,
    mail,
    logs,
    advance: (ms) => {
      offset += ms;
    },
    async caller(accessToken, { ip = '127.0.0.1', organisationId } = {}) {
      const user = accessToken ? await verifyAccessToken(deps, accessToken) : null;
      if (accessToken && !user) throw new Error('caller(): the access token does not verify');
      const meta = {
        organisationId: organisationId === undefined && user ? await firstOrganisation(user.userId) : (organisationId ?? null),
        requestId: randomUUID(),
        ip,
        directLoopback: false,
        userAgent: 'vitest',
        origin: config.APP_URL,
        cookies: new Map(),
      };
      return createCaller(createInnerContext(deps, meta, user));
    },
    async http(path, { input, method = 'POST', headers = {} } = {}) {
      // A signed-in client that names no organisation works in its first, like a new tab.
      const bearer = /^Bearer (\S+)$/.exec(headers['authorization'] ?? '')?.[1];
      if (bearer && !('x-organisation-id' in headers)) {
        const claims = await verifyAccessToken(deps, bearer);
        const first = claims ? await firstOrganisation(claims.userId) : null;
        if (first) headers = { ...headers, 'x-organisation-id': first };
      }
      const url = new URL(`/api/trpc/${path}`, config.APP_URL);
      const init: RequestInit = { method, headers: { 'content-type': 'application/json', ...headers } };
      if (method === 'GET' && input !== undefined) url.searchParams.set('input', JSON.stringify(input));
      if (method === 'POST' && input !== undefined) init.body = typeof input === 'string' ? input : JSON.stringify(input);
      const res = await handler(new Request(url, init));
      return { status: res.status, body: (await res.json()) as HttpReply['body'], headers: res.headers };
    },
    handle: (request) => handler(request),
    async close() {
      await sender.stop(5000);
      await db.mongo.dropDatabase().catch(() => undefined);
      await db.close();
      await mail.close();
    },
  };
}
