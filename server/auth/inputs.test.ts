import { describe, expect, it } from 'vitest';
import { emailInput, newPasswordInput, tokenInput } from './inputs';

const message = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe('newPasswordInput (NIST 800-63B)', () => {
  it('needs 8 characters and hints at 15', () => {
    expect(message(newPasswordInput.safeParse('1234567'))).toBe('Use at least 8 characters (15 or more is stronger).');
    expect(newPasswordInput.safeParse('12345678').success).toBe(true);
  });

  it('has no composition rules', () => {
    expect(newPasswordInput.safeParse('alllowercaseletters').success).toBe(true);
  });

  it('allows 64 characters in any script, counting code points, and refuses more than 256 instead of truncating', () => {
    expect(newPasswordInput.safeParse('ñ'.repeat(64)).success).toBe(true); // 128 bytes: over bcrypt's 72
    expect(newPasswordInput.safeParse('密码'.repeat(32)).success).toBe(true); // 192 bytes
    expect(newPasswordInput.safeParse('🔑'.repeat(64)).success).toBe(true); // 256 bytes
    expect(newPasswordInput.safeParse('a'.repeat(256)).success).toBe(true);
    expect(message(newPasswordInput.safeParse('a'.repeat(257)))).toBe('Use at most 256 characters.');
    expect(newPasswordInput.safeParse('🔑'.repeat(7)).success).toBe(false); // 7 code points, 14 UTF-16 units
  });

  it('refuses control characters', () => {
    for (const bad of ['tab\there ok', 'line\nbreak ok', 'nul\u0000char ok'])
      expect(message(newPasswordInput.safeParse(bad))).toMatch(/control characters/);
  });

  it('normalises to NFKC so that composed and decomposed accents are one password', () => {
    expect(newPasswordInput.parse('cafe\u0301 au lait')).toBe(newPasswordInput.parse('caf\u00e9 au lait'));
  });
});

describe('emailInput', () => {
  it('trims and lowercases', () => {
    expect(emailInput.parse('  Alice@Example.COM ')).toBe('alice@example.com');
  });
  it('refuses what is not an address', () => {
    for (const bad of ['', 'alice', 'alice@', '@example.com', 'a b@example.com'])
      expect(emailInput.safeParse(bad).success).toBe(false);
  });
});

describe('tokenInput', () => {
  it('accepts a base64url token and refuses anything else', () => {
    expect(tokenInput.safeParse('A'.repeat(43)).success).toBe(true);
    expect(tokenInput.safeParse('A'.repeat(31)).success).toBe(false);
    expect(tokenInput.safeParse('A'.repeat(129)).success).toBe(false);
    expect(tokenInput.safeParse('A'.repeat(42) + '=').success).toBe(false);
  });
});
