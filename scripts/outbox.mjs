// @ts-check
// `npm run outbox`: what the email outbox holds, by status, and how long the oldest pending
// message has waited. `npm run outbox -- retry` puts every failed message back in the queue,
// to be sent at once by a running instance (docs/email.md).
import { MongoClient } from 'mongodb';
import { fileURLToPath } from 'node:url';
import { withAppDatabase } from './lib/app-database.mjs';
import { fail, step } from './util.mjs';

/**
 * @param {import('mongodb').Db} db
 * @param {Date} now
 */
export async function outboxReport(db, now) {
  const messages = await db
    .collection('outbox')
    .find({}, { projection: { status: 1, createdAt: 1, lastError: 1 } })
    .toArray();
  /** @type {Record<string, number>} */
  const counts = { pending: 0, sent: 0, failed: 0, dropped: 0 };
  for (const m of messages) counts[m['status']] = (counts[m['status']] ?? 0) + 1;
  const pending = messages.filter((m) => m['status'] === 'pending').map((m) => m['createdAt'].getTime());
  const oldestPendingSeconds = pending.length > 0 ? Math.round((now.getTime() - Math.min(...pending)) / 1000) : null;
  return { counts, oldestPendingSeconds };
}

/**
 * Failed messages go back to pending, due now, with a fresh count of attempts.
 * @param {import('mongodb').Db} db
 * @param {Date} now
 */
export async function retryFailed(db, now) {
  const result = await db
    .collection('outbox')
    .updateMany({ status: 'failed' }, { $set: { status: 'pending', attempts: 0, nextAttemptAt: now, expiresAt: null } });
  return result.modifiedCount;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  if (command !== undefined && command !== 'retry') fail('Usage: npm run outbox [-- retry]');
  await withAppDatabase(async (url) => {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
    try {
      const db = client.db();
      if (command === 'retry') step(`${await retryFailed(db, new Date())} failed message(s) queued again`);
      const { counts, oldestPendingSeconds } = await outboxReport(db, new Date());
      console.log(
        Object.entries(counts)
          .map(([status, n]) => `${status}: ${n}`)
          .join('  '),
      );
      console.log(oldestPendingSeconds === null ? 'nothing pending' : `oldest pending message: ${oldestPendingSeconds} s old`);
    } finally {
      await client.close();
    }
  }).catch((/** @type {Error} */ error) => fail(error.message));
}
