import { describe, expect, it } from 'vitest';
import { looksLikeRecoveryCode, normaliseRecoveryCode } from './recovery-codes';

describe('recovery code format', () => {
  it('reads a code however it was typed: case, spaces, dashes and look-alike letters', () => {
    const issued = 'abcdefg-hjkmnpq-rstvwxy-z012345';
    expect(normaliseRecoveryCode(' ABCDEFG HJKMNPQ-rstvwxy z0I2345 ')).toBe(normaliseRecoveryCode(issued));
    expect(normaliseRecoveryCode('abcdefg-hjkmnpq-rstvwxy-zO12345')).toBe(normaliseRecoveryCode(issued));
    expect(looksLikeRecoveryCode(issued)).toBe(true);
    expect(looksLikeRecoveryCode('123456')).toBe(false);
    expect(looksLikeRecoveryCode('abcdefg-hjkmnpq-rstvwxy-z01234u')).toBe(false);
  });
});
