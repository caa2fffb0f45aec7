import type { Database } from '@/prisma/db';
import type { Config } from '../config';
import { createSealer } from '../lib/seal';
import type { Comms } from './emails';

/** Tells this instance's sender that a message was queued, so it goes out at once, not at the next poll. */
export interface Doorbell {
  ring(): void;
  listen(listener: () => void): () => void;
}

export function createDoorbell(): Doorbell {
  const listeners = new Set<() => void>();
  return {
    ring: () => listeners.forEach((listener) => listener()),
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The outbox's sealer: what renders a queued email is encrypted at rest, for it may hold a live link. */
export const outboxSealer = (config: Config) => createSealer(config.DATA_KEY, 'outbox', config.DATA_KEY_PREVIOUS);

/**
 * Comms that queue: each email becomes an `outbox` document in the service call that decided
 * to send it, so a request never waits for SMTP and an SMTP outage loses nothing.
 */
export function createOutboxComms(
  { db, clock, config }: { db: Database; clock: () => Date; config: Config },
  doorbell: Doorbell,
): Comms {
  const sealer = outboxSealer(config);
  return {
    async send(to, email, link) {
      const now = clock();
      await db.orm.outbox.create({
        kind: email.kind,
        to,
        sealed: sealer.seal(JSON.stringify(email)),
        linkCollection: link?.collection ?? null,
        linkId: link?.id ?? null,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        lastError: null,
        sentAt: null,
        expiresAt: null,
        createdAt: now,
      });
      doorbell.ring();
    },
  };
}
