import type { Deps } from '../deps';

const EXPIRING = [
  'verificationTokens',
  'passwordTokens',
  'sessions',
  'refreshRotations',
  'rateLimitEvents',
  'invitations',
  'locks',
  // Finished messages only: a pending one has no expiresAt.
  'outbox',
] as const;

const BATCH = 1000;

/**
 * Deletes expired tokens, sessions, invitations, locks, rate-limit events and finished outbox
 * messages (run every minute by the housekeeping), a batch at a time. FerretDB turns a
 * deleteMany into one DELETE naming every matching _id as a parameter, and PostgreSQL takes
 * at most 65,535: after a long stop, one deleteMany of the backlog failed on every sweep.
 * Deleting each batch by _id uses the index twins (scripts/ferretdb-indexes.sql).
 */
export async function sweepExpired({ db }: Pick<Deps, 'db'>, now: Date): Promise<void> {
  await Promise.all(
    EXPIRING.map(async (name) => {
      const collection = db.mongo.collection(name);
      for (;;) {
        const expired = await collection.find({ expiresAt: { $lt: now } }, { projection: { _id: 1 }, limit: BATCH }).toArray();
        if (expired.length === 0) return;
        await collection.bulkWrite(
          expired.map(({ _id }) => ({ deleteOne: { filter: { _id } } })),
          { ordered: false },
        );
        if (expired.length < BATCH) return;
      }
    }),
  );
}
