import { describe, expect, it } from 'vitest';
import { parseTrustProxy, stampClientAddress } from './client-address.mjs';
import { CLIENT_IP_HEADER, DIRECT_LOOPBACK_HEADER } from './front-headers.mjs';

function stamp(peer: string, headers: Record<string, string>, trustProxy?: string) {
  const req = { socket: { remoteAddress: peer }, headers: { ...headers } as Record<string, string | undefined> };
  stampClientAddress(req, parseTrustProxy(trustProxy));
  return req.headers;
}

describe('the front server decides who the client is', () => {
  it('uses the socket address by default, whatever X-Forwarded-For says, and drops forwarding headers', () => {
    const headers = stamp('203.0.113.9', { 'x-forwarded-for': '1.2.3.4', 'x-forwarded-proto': 'https' });
    expect(headers[CLIENT_IP_HEADER]).toBe('203.0.113.9');
    expect(headers['x-forwarded-for']).toBeUndefined();
    expect(headers['x-forwarded-proto']).toBeUndefined();
  });

  it('overwrites a client-IP header the client wrote itself', () => {
    const headers = stamp('203.0.113.9', { [CLIENT_IP_HEADER]: '1.2.3.4', [DIRECT_LOOPBACK_HEADER]: '1' });
    expect(headers[CLIENT_IP_HEADER]).toBe('203.0.113.9');
    expect(headers[DIRECT_LOOPBACK_HEADER]).toBeUndefined();
  });

  it('reads X-Forwarded-For through the configured number of hops only', () => {
    const xff = { 'x-forwarded-for': '6.6.6.6, 198.51.100.1' };
    expect(stamp('10.0.0.1', xff, '1')[CLIENT_IP_HEADER]).toBe('198.51.100.1');
    expect(stamp('10.0.0.1', xff, '2')[CLIENT_IP_HEADER]).toBe('6.6.6.6');
  });

  it('reads X-Forwarded-For only from the listed proxies, stopping at the first untrusted hop', () => {
    const trust = '10.0.0.0/8, loopback';
    expect(stamp('10.0.0.1', { 'x-forwarded-for': '6.6.6.6, 198.51.100.1' }, trust)[CLIENT_IP_HEADER]).toBe('198.51.100.1');
    expect(stamp('10.0.0.1', { 'x-forwarded-for': '6.6.6.6, 10.0.0.7' }, trust)[CLIENT_IP_HEADER]).toBe('6.6.6.6');
    expect(stamp('203.0.113.9', { 'x-forwarded-for': '6.6.6.6' }, trust)[CLIENT_IP_HEADER]).toBe('203.0.113.9');
  });

  it('marks a direct loopback request, and not a forwarded one', () => {
    expect(stamp('127.0.0.1', {})[DIRECT_LOOPBACK_HEADER]).toBe('1');
    expect(stamp('::1', {})[DIRECT_LOOPBACK_HEADER]).toBe('1');
    expect(stamp('::ffff:127.0.0.1', {})[DIRECT_LOOPBACK_HEADER]).toBe('1');
    expect(stamp('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })[DIRECT_LOOPBACK_HEADER]).toBeUndefined();
    expect(stamp('203.0.113.9', {})[DIRECT_LOOPBACK_HEADER]).toBeUndefined();
  });

  it('refuses a TRUST_PROXY that would trust everyone or that it cannot read', () => {
    expect(() => parseTrustProxy('true')).toThrow(/any client choose its address/);
    expect(() => parseTrustProxy('not-an-address')).toThrow(/TRUST_PROXY/);
    expect(parseTrustProxy('false')('127.0.0.1', 0)).toBe(false);
  });
});
