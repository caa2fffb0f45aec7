// @ts-check
// Plain JavaScript: the front server loads it without a TypeScript runner.
import proxyaddr from 'proxy-addr';
import { CLIENT_IP_HEADER, DIRECT_LOOPBACK_HEADER } from './front-headers.mjs';

const FORWARDING_HEADERS = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'forwarded'];

/**
 * TRUST_PROXY: unset, "false" or "0" trusts no proxy (the socket address is the client); a whole
 * number N trusts the N nearest hops; otherwise a comma-separated list of addresses, CIDR ranges
 * or the names proxy-addr knows (loopback, linklocal, uniquelocal).
 * @param {string | undefined} value
 * @returns {(address: string, hop: number) => boolean}
 */
export function parseTrustProxy(value) {
  const text = (value ?? '').trim();
  if (text === '' || text === 'false' || text === '0') return () => false;
  if (text === 'true') {
    throw new Error('TRUST_PROXY=true would let any client choose its address: name the proxies or give a hop count');
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return (_address, hop) => hop < hops;
  }
  try {
    return proxyaddr.compile(
      text
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    );
  } catch (error) {
    throw new Error(`TRUST_PROXY is not a hop count or a list of addresses: ${/** @type {Error} */ (error).message}`);
  }
}

/**
 * Rewrites a request's headers so that what the app reads about its client is what the socket
 * and the trusted proxies said: the client address, and whether it came straight from loopback.
 * Forwarding headers from an untrusted peer are dropped, so nothing downstream can read them.
 * @param {{ socket: { remoteAddress?: string }, headers: Record<string, string | string[] | undefined> }} req
 * @param {(address: string, hop: number) => boolean} trust
 */
export function stampClientAddress(req, trust) {
  const peer = req.socket.remoteAddress ?? '';
  const forwarded = FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined);
  delete req.headers[CLIENT_IP_HEADER];
  delete req.headers[DIRECT_LOOPBACK_HEADER];
  const address = peer ? proxyaddr(/** @type {never} */ (req), trust) : 'unknown';
  if (!peer || !trust(peer, 0)) for (const name of FORWARDING_HEADERS) delete req.headers[name];
  req.headers[CLIENT_IP_HEADER] = address;
  if (!forwarded && isLoopback(peer)) req.headers[DIRECT_LOOPBACK_HEADER] = '1';
}

/** @param {string} address */
function isLoopback(address) {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
