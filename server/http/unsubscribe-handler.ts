import type { Deps } from '../deps';
import { unsubscribe } from '../account/notifications';
import { isAppErrorCode } from '../errors';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });

/**
 * RFC 8058 one-click unsubscribe: a mail provider POSTs "List-Unsubscribe=One-Click" to the
 * link in the email's header, with no cookie, so this is a plain route handler, not a tRPC call,
 * and the signed link alone decides. The page /unsubscribe POSTs here too; a GET changes nothing
 * (mail scanners fetch links).
 */
export function createUnsubscribeHandler(deps: () => Deps) {
  return async function handle(request: Request): Promise<Response> {
    const token = new URL(request.url).searchParams.get('t') ?? '';
    if (token.length === 0 || token.length > 200) return json(400, { error: 'INVALID_TOKEN' });
    try {
      const { kind } = await unsubscribe(deps(), token);
      return json(200, { ok: true, kind });
    } catch (error) {
      if (isAppErrorCode(error, 'INVALID_TOKEN')) return json(400, { error: 'INVALID_TOKEN' });
      deps().log.error('unsubscribe failed', { error: (error as Error).stack ?? String(error) });
      return json(500, { error: 'INTERNAL_SERVER_ERROR' });
    }
  };
}
