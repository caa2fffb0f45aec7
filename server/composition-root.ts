// The composition root: the one place where the process's dependencies are built.
import type { Database } from '@/prisma/db';
import { createHashQueue } from './auth/hash-queue';
import { warmDummyHash } from './auth/passwords';
import { finishJobs } from './jobs/finish';
import { recountOncePerPeriod } from './tasks/recount';
import { SWEEP_PERIOD_MS, sweepOncePerPeriod } from './auth/sweep';
import { createDoorbell, createOutboxComms } from './comms/outbox';
import { startOutboxSender } from './comms/sender';
import { createTransport } from './comms/transport';
import { ConfigError, getConfig, type Config } from './config';
import type { Deps } from './deps';
import { getDb } from './db';
import { createLogger } from './lib/logger';
import { createLiveFeed } from './live/feed';
import { DRAIN_HOOK } from './http/front-headers.mjs';
import { applyDueFactorRecoveries } from './mfa/factor-recovery';
import { resealAuthenticatorSecrets } from './mfa/authenticator';

/** Builds the dependencies from a configuration: resources first, then what uses them. */
export function createDeps(config: Config, db: Database, overrides: Partial<Deps> = {}): Deps {
  const log = overrides.log ?? createLogger();
  const hashing =
    overrides.hashing ?? createHashQueue({ concurrency: config.HASH_CONCURRENCY, maxWaiting: config.HASH_QUEUE_MAX });
  const clock = overrides.clock ?? (() => new Date());
  const mail = overrides.mail ?? { transport: createTransport(config, log), doorbell: createDoorbell() };
  const cursor = { head: 0 };
  return {
    config,
    db,
    comms: overrides.comms ?? createOutboxComms({ db, clock, config }, mail.doorbell),
    mail,
    clock,
    log,
    hashing,
    live: overrides.live ?? { cursor, feed: createLiveFeed({ db }, cursor) },
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

/**
 * Work that belongs to the process, not to any request: the outbox's sender, the dummy
 * password hash that unknown emails are compared against (so the first sign-in does not pay
 * for it), and a sweep of expired documents once per period across the instances (FerretDB
 * has no TTL indexes; server/auth/sweep.ts). Returns a stop function that
 * waits up to `waitMs` for a send in progress.
 */
export function startHousekeeping(deps: Deps): (waitMs: number) => Promise<void> {
  const sender = startOutboxSender(deps);
  void warmDummyHash(deps).catch((error: Error) => deps.log.warn('warming the dummy hash failed', { reason: error.message }));
  if (deps.config.DATA_KEY_PREVIOUS) {
    void resealAuthenticatorSecrets(deps).then(
      (counts) => deps.log.info('authenticator secrets sealed again under DATA_KEY', counts),
      (error: Error) => deps.log.warn('sealing authenticator secrets again failed', { reason: error.message }),
    );
  }
  const sweep = () =>
    Promise.all([
      sweepOncePerPeriod(deps).catch((error: Error) => deps.log.warn('sweep failed', { reason: error.message })),
      // Every instance looks; each recovery is claimed by deleting it, so one applies it.
      applyDueFactorRecoveries(deps).catch((error: Error) =>
        deps.log.warn('applying factor recoveries failed', { reason: error.message }),
      ),
      // Every instance looks too: a job's lock lets one run it (server/jobs/run.ts).
      finishJobs(deps).catch((error: Error) => deps.log.warn('finishing jobs failed', { reason: error.message })),
      recountOncePerPeriod(deps, SWEEP_PERIOD_MS).catch((error: Error) =>
        deps.log.warn('recounting lists failed', { reason: error.message }),
      ),
    ]);
  // At once too: whatever expired while no instance was running would otherwise be read past.
  void sweep();
  const timer = setInterval(sweep, SWEEP_PERIOD_MS);
  timer.unref();
  return async (waitMs) => {
    clearInterval(timer);
    await sender.stop(waitMs);
  };
}

/**
 * What a server process does as it starts (instrumentation.ts): validates the configuration,
 * ending the process with a message naming each bad variable, then starts the housekeeping
 * and leaves the front server a hook to drain it on shutdown.
 */
export function startServerProcess(): void {
  try {
    const deps = getDeps();
    const stop = startHousekeeping(deps);
    (globalThis as Record<symbol, unknown>)[DRAIN_HOOK] = async (waitMs: number) => {
      await stop(waitMs);
      await deps.db.close();
    };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`✖ ${error.message}`);
    process.exit(1);
  }
}
