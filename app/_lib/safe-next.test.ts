import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

const ORIGIN = 'http://localhost:3000';

describe('safeNext', () => {
  it('keeps a path of this site, with its query and fragment', () => {
    expect(safeNext('/members?tab=2#x', ORIGIN)).toBe('/members?tab=2#x');
    expect(safeNext('/account', ORIGIN)).toBe('/account');
    expect(safeNext(`${ORIGIN}/settings`, ORIGIN)).toBe('/settings');
  });

  it.each([
    '//evil.example/phish',
    '/\t/evil.example/phish',
    '/\n/evil.example/phish',
    '/\r\n/evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    'https://evil.example/',
    'HTTPS://EVIL.EXAMPLE/',
    'hTTps:evil.example',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,hi',
    ' //evil.example',
    'http://localhost:3000@evil.example/',
    'http://localhost:3001/',
  ])('refuses %j', (next) => {
    expect(safeNext(next, ORIGIN)).toBe('/');
  });

  it('turns what a browser would decode into the same-origin path it means', () => {
    // %2F stays encoded inside a path: "/%2F%2Fevil.example" is a path of this site, not a host.
    expect(safeNext('/%2F%2Fevil.example', ORIGIN)).toBe('/%2F%2Fevil.example');
    // A same-scheme "http:x" is a relative path to the browser too.
    expect(safeNext('hTTp:evil.example', ORIGIN)).toBe('/evil.example');
    expect(safeNext(null, ORIGIN)).toBe('/');
  });
});
