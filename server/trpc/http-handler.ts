import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { Deps } from '../deps';
import { clientFromFrontServer, createContext, type ReadClient } from './context';
import { isAppErrorCode } from '../errors';
import { everySoOften } from '../lib/every-so-often';
import { MAX_BATCH_SIZE } from './batch-size';
import { retryAfter } from './error-map';
import { appRouter } from './routers/_app';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * The tRPC HTTP endpoint; the route handler and the integration tests both use it.
 * `readClient` says who the client is: the front server's headers in production.
 */
export function createTrpcHandler(deps: () => Deps, readClient?: ReadClient) {
  const unavailableLog = everySoOften(10_000);
  return async function handle(req: Request): Promise<Response> {
    let request = req;
    if (req.method === 'POST') {
      const body = await readAtMost(req, MAX_BODY_BYTES).catch(() => 'unreadable' as const);
      if (body === 'unreadable') return refusal(400, 'BAD_REQUEST', 'The request body could not be read.');
      if (!body) return refusal(413, 'PAYLOAD_TOO_LARGE', `Request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
      // An empty body means "no input", which tRPC would otherwise fail to parse as JSON.
      request = new Request(req.url, {
        method: 'POST',
        headers: req.headers,
        body: body.byteLength > 0 ? new Uint8Array(body) : 'null',
        signal: req.signal,
      });
    }
    const client = readClient ?? clientFromFrontServer(deps().log);
    return fetchRequestHandler({
      endpoint: '/api/trpc',
      req: request,
      router: appRouter,
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: ({ resHeaders, info }) => createContext(request, resHeaders, deps(), client, info.connectionParams),
      responseMeta: ({ errors }) => {
        const seconds = retryAfter(errors);
        return seconds ? { headers: { 'Retry-After': String(seconds) } } : {};
      },
      onError({ error, path, ctx }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          deps().log.error('unexpected error', {
            requestId: ctx?.meta.requestId,
            path,
            error: error.cause?.stack ?? error.stack ?? error.message,
          });
        } else if (isAppErrorCode(error.cause, 'DATABASE_UNAVAILABLE')) {
          // The client gets a fixed 503; why the database is away belongs in the log.
          const cause = error.cause?.cause;
          unavailableLog((heldBack) =>
            deps().log.warn('database unavailable', {
              path,
              cause: cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause),
              ...(heldBack ? { alsoRefusedSinceLastLine: heldBack } : {}),
            }),
          );
        }
      },
    });
  };
}

/** The body, counted while it streams in: null as soon as it passes `max` bytes, so a huge chunked body is never held whole. */
async function readAtMost(req: Request, max: number): Promise<Uint8Array | null> {
  if (Number(req.headers.get('content-length') ?? 0) > max) return null;
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
}

function refusal(status: number, code: string, message: string): Response {
  return Response.json(
    { error: { message, code: -32600, data: { code, httpStatus: status } } },
    { status, headers: { connection: 'close' } },
  );
}
