import type { Database } from '@/prisma/db';
import { createHashQueue, type HashQueue } from './auth/hash-queue';
import { warmDummyHash } from './auth/passwords';
import { createComms, type Comms } from './comms/comms';
import { getConfig, type Config } from './config';
import { getDb } from './db';
import { createLogger, type Logger } from './lib/logger';

/** What every service function receives: explicit, so tests pass real parts or a fixed clock. */
export interface Deps {
  config: Config;
  db: Database;
  comms: Comms;
  clock: () => Date;
  log: Logger;
  /** Password hashing, bounded per process (server/auth/hash-queue.ts). */
  hashing: HashQueue;
}

/** Builds the dependencies from a configuration: resources first, then what uses them. */
export function createDeps(config: Config, db: Database, overrides: Partial<Deps> = {}): Deps {
  const log = overrides.log ?? createLogger();
  const hashing =
    overrides.hashing ?? createHashQueue({ concurrency: config.HASH_CONCURRENCY, maxWaiting: config.HASH_QUEUE_MAX });
  void warmDummyHash({ config, hashing });
  return {
    config,
    db,
    comms: overrides.comms ?? createComms(config, log),
    clock: overrides.clock ?? (() => new Date()),
    log,
    hashing,
  };
}

let deps: Deps | undefined;

/** The process-wide dependencies, built on first use. */
export function getDeps(): Deps {
  deps ??= createDeps(getConfig(), getDb());
  return deps;
}
