// @ts-check
// The production HTTP server: Next.js behind a thin Node front that alone decides who the
// client is (route handlers cannot see the socket). `npm start` runs it; so do the tests.
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { parseTrustProxy, stampClientAddress } from './client-address.mjs';
import { DRAIN_HOOK, FRONT_SERVER_MARK } from './front-headers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Starts Next's production build behind the front on `port`; resolves once it listens.
 * @param {{ port: number, hostname?: string, trustProxy?: string }} options
 */
export async function serve({ port, hostname, trustProxy }) {
  const trust = parseTrustProxy(trustProxy);
  const app = next({ dev: false, dir: root, port, hostname: hostname ?? 'localhost' });
  await app.prepare();
  const handle = app.getRequestHandler();
  /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis))[FRONT_SERVER_MARK] = true;

  const server = createServer((req, res) => {
    if (!decodablePath(req.url ?? '/')) {
      // Next answers a path it cannot percent-decode with a bare 500 (a dynamic route's params).
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end('Bad request: the URL is not valid percent-encoding.');
      return;
    }
    stampClientAddress(req, trust);
    handle(req, res).catch((/** @type {Error} */ error) => {
      console.error(
        JSON.stringify({ time: new Date().toISOString(), level: 'error', message: 'request failed', error: error.stack }),
      );
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Something went wrong on our side.');
    });
  });
  // A client that opens a connection and sends nothing must not hold it for ever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => resolve(undefined));
  });
  return server;
}

/**
 * Graceful shutdown: stops taking connections, lets the requests in flight finish (a kept-alive
 * connection closes once idle), then has the app finish a send in progress and close the
 * database (DRAIN_HOOK). All of it within `waitMs`; what is still open then is cut.
 * @param {import('node:http').Server} server
 */
export async function shutDown(server, waitMs = 20_000) {
  const deadline = Date.now() + waitMs;
  const closed = new Promise((resolve) => server.close(() => resolve(undefined)));
  const closeIdle = setInterval(() => server.closeIdleConnections(), 50);
  server.closeIdleConnections();
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, waitMs))]);
  clearInterval(closeIdle);
  server.closeAllConnections();
  const drain = /** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis))[DRAIN_HOOK];
  if (typeof drain === 'function') await drain(Math.max(1000, deadline - Date.now()));
}

/** @param {string} url */
function decodablePath(url) {
  try {
    decodeURIComponent(url.split('?')[0] ?? '');
    return true;
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env['PORT'] ?? 3000);
  let server;
  try {
    server = await serve({ port, hostname: process.env['HOST'], trustProxy: process.env['TRUST_PROXY'] });
  } catch (error) {
    console.error(`✖ ${/** @type {Error} */ (error).message}`);
    process.exit(1);
  }
  console.log(`▸ Listening on port ${port}`);
  const stop = () => {
    console.log('▸ Shutting down: finishing the requests in flight');
    shutDown(server).then(
      () => process.exit(0),
      (/** @type {Error} */ error) => {
        console.error(`✖ Shutdown failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
