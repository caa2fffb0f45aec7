import { describe, expect, it } from 'vitest';
import { ipSubject } from './ip-subject';

describe('ipSubject (what per-IP limits count)', () => {
  it('keeps an IPv4 address whole and unwraps IPv4-mapped IPv6', () => {
    expect(ipSubject('203.0.113.7')).toBe('203.0.113.7');
    expect(ipSubject('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('groups IPv6 addresses by their /64, whatever their spelling', () => {
    const a = ipSubject('2001:db8:1:2::1');
    expect(a).toBe('2001:db8:1:2::/64');
    expect(ipSubject('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe(a);
    expect(ipSubject('2001:db8:1:3::1')).not.toBe(a);
  });

  it('passes anything that is not an address through unchanged', () => {
    expect(ipSubject('unknown')).toBe('unknown');
  });
});
