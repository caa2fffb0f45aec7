// The composition root: the one place where the process's dependencies are built.
import type { Database } from '@/prisma/db';
import { createHashQueue } from './auth/hash-queue';
import { warmDummyHash } from './auth/passwords';
import { sweepExpired } from './auth/sweep';
import { createComms } from './comms/comms';
import { ConfigError, getConfig, type Config } from './config';
import type { Deps } from './deps';
import { getDb } from './db';
import { createLogger } from './lib/logger';

/** Builds the dependencies from a configuration: resources first, then what uses them. */
export function createDeps(config: Config, db: Database, overrides: Partial<Deps> = {}): Deps {
  const log = overrides.log ?? createLogger();
  const hashing =
    overrides.hashing ?? createHashQueue({ concurrency: config.HASH_CONCURRENCY, maxWaiting: config.HASH_QUEUE_MAX });
  return {
    config,
    db,
    comms: overrides.comms ?? createComms(config, log),
    clock: overrides.clock ?? (() => new Date()),
    log,
    hashing,
  };
}

// On globalThis: Next bundles instrumentation.ts and the route handlers separately, and a
// process must still have one set (one hash queue, one logger), like its one database client.
const holder = globalThis as typeof globalThis & { tasklaneDeps?: Deps };

/** The process-wide dependencies, built on first use. */
export function getDeps(): Deps {
  holder.tasklaneDeps ??= createDeps(getConfig(), getDb());
  return holder.tasklaneDeps;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * Work that belongs to the process, not to any request: the dummy password hash that unknown
 * emails are compared against (so the first sign-in does not pay for it), and a sweep of
 * expired documents every minute (FerretDB has no TTL indexes; several instances sweeping is
 * harmless, only redundant). Started once, from instrumentation.ts. Returns a stop function.
 */
export function startHousekeeping(deps: Deps): () => void {
  void warmDummyHash(deps).catch((error: Error) => deps.log.warn('warming the dummy hash failed', { reason: error.message }));
  const sweep = () =>
    sweepExpired(deps, deps.clock()).catch((error: Error) => deps.log.warn('sweep failed', { reason: error.message }));
  // At once too: whatever expired while no instance was running would otherwise be read past.
  void sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * What a server process does as it starts (instrumentation.ts): validates the configuration,
 * ending the process with a message naming each bad variable, then starts the housekeeping.
 */
export function startServerProcess(): void {
  try {
    startHousekeeping(getDeps());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`✖ ${error.message}`);
    process.exit(1);
  }
}
