import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { Deps } from '../services';
import { createContext } from './context';
import { appRouter } from './routers/_app';

const MAX_BODY_BYTES = 64 * 1024;

/** The tRPC HTTP endpoint; the route handler and the integration tests both use it. */
export function createTrpcHandler(deps: () => Deps) {
  return async function handle(req: Request): Promise<Response> {
    if (Number(req.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return tooLarge();
    let request = req;
    if (req.method === 'POST') {
      const body = await req.arrayBuffer();
      if (body.byteLength > MAX_BODY_BYTES) return tooLarge();
      // An empty body means "no input", which tRPC would otherwise fail to parse as JSON.
      request = new Request(req.url, {
        method: 'POST',
        headers: req.headers,
        body: body.byteLength > 0 ? body : 'null',
        signal: req.signal,
      });
    }
    return fetchRequestHandler({
      endpoint: '/api/trpc',
      req: request,
      router: appRouter,
      createContext: ({ resHeaders }) => createContext(request, resHeaders, deps()),
      onError({ error, path, ctx }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') {
          deps().log.error('unexpected error', {
            requestId: ctx?.meta.requestId,
            path,
            error: error.cause?.stack ?? error.message,
          });
        }
      },
    });
  };
}

function tooLarge(): Response {
  const message = `Request body is larger than ${MAX_BODY_BYTES / 1024} KB.`;
  return Response.json(
    { error: { message, code: -32600, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } } },
    { status: 413 },
  );
}
