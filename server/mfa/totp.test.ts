import { Secret } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { matchingStep, newTotpSecret, stepAt, totpCode, totpUri } from './totp';

// RFC 6238, appendix B: the seeds are ASCII, and each algorithm has its own length of seed.
const seeds = {
  SHA1: Secret.fromLatin1('12345678901234567890').base32,
  SHA256: Secret.fromLatin1('12345678901234567890123456789012').base32,
  SHA512: Secret.fromLatin1('1234567890123456789012345678901234567890123456789012345678901234').base32,
};
const vectors: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(vectors)('matches the test vectors at T = %i s', (seconds, sha1, sha256, sha512) => {
    const at = new Date(seconds * 1000);
    expect(totpCode(seeds.SHA1, at, { algorithm: 'SHA1', digits: 8 })).toBe(sha1);
    expect(totpCode(seeds.SHA256, at, { algorithm: 'SHA256', digits: 8 })).toBe(sha256);
    expect(totpCode(seeds.SHA512, at, { algorithm: 'SHA512', digits: 8 })).toBe(sha512);
  });

  it('accepts the code of the current step and of one step either side, and names its step', () => {
    const secret = newTotpSecret();
    const now = new Date(1_800_000_015_000);
    const step = stepAt(now);
    expect(matchingStep(secret, totpCode(secret, now), now)).toBe(step);
    expect(matchingStep(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(matchingStep(secret, totpCode(secret, new Date(now.getTime() + 30_000)), now)).toBe(step + 1);
    expect(matchingStep(secret, totpCode(secret, new Date(now.getTime() - 60_000)), now)).toBeNull();
    expect(matchingStep(secret, '12345', now)).toBeNull();
    expect(matchingStep(secret, 'abcdef', now)).toBeNull();
  });

  it('makes 160-bit secrets, a fresh one each time, and a standard otpauth URI', () => {
    const secret = newTotpSecret();
    expect(Secret.fromBase32(secret).bytes.length).toBe(20);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(totpUri(secret, 'ada@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Tasklane');
    expect(decodeURIComponent(uri.pathname)).toContain('Tasklane:ada@example.com');
  });
});
