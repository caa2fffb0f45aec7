import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createHashQueue } from './hash-queue';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('hash queue', () => {
  it('runs at most `concurrency` at once, lets `maxWaiting` wait, and refuses the rest with a retry time', async () => {
    const queue = createHashQueue({ concurrency: 2, maxWaiting: 3 });
    let peak = 0;
    let live = 0;
    const releases: (() => void)[] = [];
    const job = () =>
      queue.run(async () => {
        live++;
        peak = Math.max(peak, live);
        await new Promise<void>((resolve) => releases.push(resolve));
        live--;
        return 'done';
      });
    const accepted = Array.from({ length: 5 }, job);
    await tick();
    expect(queue.stats).toEqual({ running: 2, waiting: 3 });

    const refused = await job().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('SERVER_BUSY');
    expect((refused as AppError).details.retryAfterSeconds).toBeGreaterThanOrEqual(1);

    while (releases.length > 0 || queue.stats.running > 0) {
      releases.splice(0).forEach((release) => release());
      await tick();
    }
    expect(await Promise.all(accepted)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(peak).toBe(2);
    expect(queue.stats).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot when the work throws', async () => {
    const queue = createHashQueue({ concurrency: 1, maxWaiting: 0 });
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run(async () => 1)).resolves.toBe(1);
  });
});
