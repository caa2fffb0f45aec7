import { describe, expect, it } from 'vitest';
import { createSealer } from './seal';

const KEY = 'k'.repeat(43);

describe('createSealer', () => {
  it('round-trips, and seals the same text differently each time', () => {
    const sealer = createSealer(KEY, 'outbox');
    const a = sealer.seal('https://example.test/verify?token=secret');
    const b = sealer.seal('https://example.test/verify?token=secret');
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret');
    expect(sealer.open(a)).toBe('https://example.test/verify?token=secret');
    expect(sealer.open(sealer.seal(''))).toBe('');
  });

  it('refuses an altered value, another purpose and another key', () => {
    const sealed = createSealer(KEY, 'outbox').seal('hello');
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = `${v}.${iv}.${tag}.${body!.startsWith('A') ? 'B' : 'A'}${body!.slice(1)}`;
    expect(() => createSealer(KEY, 'outbox').open(flipped)).toThrow();
    expect(() => createSealer(KEY, 'totp').open(sealed)).toThrow();
    expect(() => createSealer('x'.repeat(43), 'outbox').open(sealed)).toThrow();
    expect(() => createSealer(KEY, 'outbox').open('garbage')).toThrow();
  });

  it('opens a value sealed under the previous key during a rotation, and seals it again under the new one', () => {
    const old = createSealer(KEY, 'totp').seal('JBSWY3DPEHPK3PXP');
    const rotated = createSealer('n'.repeat(43), 'totp', KEY);
    const { plaintext, resealed } = rotated.unseal(old);
    expect(plaintext).toBe('JBSWY3DPEHPK3PXP');
    expect(createSealer('n'.repeat(43), 'totp').open(resealed!)).toBe('JBSWY3DPEHPK3PXP');
    expect(rotated.unseal(resealed!)).toEqual({ plaintext: 'JBSWY3DPEHPK3PXP', resealed: null });
    expect(() => createSealer('n'.repeat(43), 'totp').open(old)).toThrow();
    expect(() => createSealer('n'.repeat(43), 'totp', 'x'.repeat(43)).open(old)).toThrow();
  });
});
