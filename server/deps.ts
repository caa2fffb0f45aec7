import type { Database } from '@/prisma/db';
import type { HashQueue } from './auth/hash-queue';
import type { Comms } from './comms/emails';
import type { Doorbell } from './comms/outbox';
import type { Transport } from './comms/transport';
import type { Config } from './config';
import type { Logger } from './lib/logger';
import type { LiveFeed, LogCursor } from './live/types';

/**
 * What every service function receives: explicit, so tests pass real parts or a fixed clock.
 * Types only: services import this leaf, and server/composition-root.ts builds the values.
 */
export interface Deps {
  config: Config;
  db: Database;
  /** Queues email (the outbox); `mail` is what the outbox's sender delivers it with. */
  comms: Comms;
  mail: { transport: Transport; doorbell: Doorbell };
  clock: () => Date;
  log: Logger;
  /** Password hashing, bounded per process (server/auth/hash-queue.ts). */
  hashing: HashQueue;
  /** This instance's place in the live events' log and its one reader of it (server/live/). */
  live: { cursor: LogCursor; feed: LiveFeed };
}
