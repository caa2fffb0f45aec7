import { describe, expect, it } from 'vitest';
import { withTimingFloor } from './timing';

describe('withTimingFloor', () => {
  it('pads a fast success and a fast failure to the floor', async () => {
    let started = performance.now();
    expect(await withTimingFloor(120, async () => 'done')).toBe('done');
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);

    started = performance.now();
    await expect(withTimingFloor(120, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('adds nothing to work slower than the floor', async () => {
    const started = performance.now();
    await withTimingFloor(10, () => new Promise((r) => setTimeout(r, 60)));
    expect(performance.now() - started).toBeLessThan(200);
  });
});
