import { describe, expect, it } from 'vitest';
import { everySoOften } from './every-so-often';

describe('everySoOften', () => {
  it('acts at most once per period and reports how many it held back', () => {
    let now = 0;
    const seen: number[] = [];
    const once = everySoOften(10_000, () => now);
    for (let i = 0; i < 5; i++) once((held) => seen.push(held));
    now = 9_999;
    once((held) => seen.push(held));
    now = 10_000;
    once((held) => seen.push(held));
    expect(seen).toEqual([0, 5]);
  });
});
