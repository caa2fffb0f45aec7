import { AppError } from '../errors';

export interface HashQueue {
  /** Runs `work` when a slot is free; refuses at once with SERVER_BUSY when the line is full. */
  run<T>(work: () => Promise<T>): Promise<T>;
  readonly stats: { running: number; waiting: number };
}

/**
 * Bounds the password hashing one process does at once. bcrypt runs on libuv's small thread
 * pool: a burst of sign-ins would otherwise queue there unseen, and every sign-in (and every
 * other call needing that pool) would stall for as long as the burst lasts. Here at most
 * `concurrency` hashes run, `maxWaiting` more wait, and the rest are told when to retry.
 */
export function createHashQueue({ concurrency, maxWaiting }: { concurrency: number; maxWaiting: number }): HashQueue {
  let running = 0;
  const waiting: (() => void)[] = [];
  let averageMs = 250; // a bcrypt cost-12 hash on a 2-core machine; refined as hashes run

  const retryAfterSeconds = () => Math.max(1, Math.ceil(((waiting.length / concurrency + 1) * averageMs) / 1000));

  return {
    get stats() {
      return { running, waiting: waiting.length };
    },
    async run(work) {
      if (running >= concurrency) {
        if (waiting.length >= maxWaiting) throw new AppError('SERVER_BUSY', { retryAfterSeconds: retryAfterSeconds() });
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else {
        running++;
      }
      const started = performance.now();
      try {
        return await work();
      } finally {
        averageMs = averageMs * 0.9 + (performance.now() - started) * 0.1;
        // The slot passes straight to the next in line, so `running` never overshoots.
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
  };
}
