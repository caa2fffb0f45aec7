import type { Deps } from '../deps';
import { isDuplicateKey } from '../store/db-errors';
import type { Email, LinkRef } from './emails';
import type { Sealer } from '../lib/seal';
import { outboxSealer } from './outbox';
import { renderEmail } from './render';

// An attempt's claim: longer than the SMTP transport can take (server/comms/transport.ts), so
// no other instance retries a message while an attempt at it may still be talking to SMTP.
const CLAIM_MS = 2 * 60_000;
const POLL_MS = 5_000;
const BATCH = 20;
const MAX_DELAY_MS = 60 * 60_000;
// A refusal (5xx) is most likely final; a few tries cover a server that says 5xx by mistake.
const PERMANENT_TRIES = 3;
const KEEP_FINISHED_MS = 7 * 86_400_000;

export interface OutboxSender {
  /** Stops claiming; waits up to `waitMs` for an attempt in progress to finish. */
  stop(waitMs: number): Promise<void>;
}

/**
 * Sends what the outbox holds, in every instance: at once when this instance queues a
 * message (its doorbell), and every few seconds for retries and other instances' messages.
 * Each attempt is claimed by inserting a unique `locks` key, so two instances never both
 * make the same attempt (docs/database.md: an insert into a unique index is atomic on FerretDB).
 */
export function startOutboxSender(deps: Deps, { pollMs = POLL_MS } = {}): OutboxSender {
  const sealer = outboxSealer(deps.config);
  let pass: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const kick = () => {
    if (stopped) return;
    if (pass) {
      again = true;
      return;
    }
    pass = (async () => {
      do {
        again = false;
        if (await sendDue(deps, sealer, () => stopped)) again = true;
      } while (again && !stopped);
    })()
      .catch((error: Error) => deps.log.warn('outbox pass failed', { reason: error.message }))
      .finally(() => {
        pass = null;
      });
  };
  const unlisten = deps.mail.doorbell.listen(kick);
  const timer = setInterval(kick, pollMs);
  timer.unref();
  kick();
  return {
    async stop(waitMs) {
      stopped = true;
      clearInterval(timer);
      unlisten();
      if (pass) await Promise.race([pass, new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
    },
  };
}

/** One batch of due messages, oldest first. True when the batch was full (more may be due). */
async function sendDue(deps: Deps, sealer: Sealer, stopped: () => boolean): Promise<boolean> {
  const now = deps.clock();
  const pending = await deps.db.orm.outbox
    .where({ status: 'pending' })
    .select('_id', 'attempts', 'nextAttemptAt', 'createdAt')
    .all();
  const due = pending
    .filter((m) => m.nextAttemptAt <= now)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .slice(0, BATCH);
  for (const message of due) {
    if (stopped()) return false;
    await attempt(deps, sealer, message);
  }
  return due.length === BATCH;
}

/**
 * One attempt at one message. Its claim names the message's state as read (attempts and
 * when it fell due), so exactly one instance wins each state, and a message put back in
 * the queue by `npm run outbox -- retry` is a new state with a claim of its own.
 */
async function attempt(deps: Deps, sealer: Sealer, due: { _id: string; attempts: number; nextAttemptAt: Date }): Promise<void> {
  const { db, clock, log, config } = deps;
  const { _id: id, attempts } = due;
  const now = clock();
  try {
    const key = `outbox:${id}:${attempts}:${due.nextAttemptAt.getTime()}`;
    await db.orm.locks.create({ key, expiresAt: new Date(now.getTime() + CLAIM_MS) });
  } catch (error) {
    if (isDuplicateKey(error)) return; // another instance claimed this attempt
    throw error;
  }
  const message = await db.orm.outbox.where({ _id: id }).first();
  if (!message || message.status !== 'pending' || message.attempts !== attempts) return;
  if (message.nextAttemptAt.getTime() !== due.nextAttemptAt.getTime()) return;
  const tryNumber = attempts + 1;
  await db.orm.outbox.where({ _id: id }).update({ attempts: tryNumber, nextAttemptAt: new Date(now.getTime() + CLAIM_MS) });
  const logAttempt = (outcome: string, fields: Record<string, unknown> = {}) =>
    log.info('email attempt', { messageId: id, kind: message.kind, attempt: tryNumber, outcome, ...fields });
  // A failed message keeps its sealed content, so that `npm run outbox -- retry` can send it.
  const finished = (status: 'sent' | 'failed' | 'dropped', extra: { lastError?: string; sentAt?: Date } = {}) =>
    db.orm.outbox.where({ _id: id }).update({
      status,
      ...(status === 'failed' ? {} : { sealed: null }),
      expiresAt: new Date(now.getTime() + KEEP_FINISHED_MS),
      ...extra,
    });

  const link = message.linkCollection && message.linkId ? await linkExpiry(deps, message.linkCollection, message.linkId) : null;
  if (link === 'gone' || (link && link <= now)) {
    await finished('dropped', { lastError: 'its link expired, was used or was replaced before it could be sent' });
    logAttempt('dropped');
    return;
  }
  try {
    const email = JSON.parse(sealer.open(message.sealed ?? '')) as Email;
    const rendered = await renderEmail(config, email, link, now);
    await deps.mail.transport.send({ to: message.to, ...rendered, messageId: `<${id}@${new URL(config.APP_URL).hostname}>` });
  } catch (error) {
    const { code, responseCode, message: reason } = error as Error & { code?: string; responseCode?: number };
    const permanent = responseCode !== undefined && responseCode >= 500;
    const tooOld = now.getTime() - message.createdAt.getTime() >= config.OUTBOX_GIVE_UP_AFTER * 1000;
    if ((permanent && tryNumber >= PERMANENT_TRIES) || tooOld) {
      await finished('failed', { lastError: reason });
      logAttempt('failed', { code, responseCode });
      return;
    }
    const delay = Math.min(config.OUTBOX_RETRY_BASE_MS * 2 ** (tryNumber - 1), MAX_DELAY_MS) * (0.75 + Math.random() * 0.5);
    await db.orm.outbox.where({ _id: id }).update({ lastError: reason, nextAttemptAt: new Date(now.getTime() + delay) });
    logAttempt('retry', { code, responseCode, retryInMs: Math.round(delay) });
    return;
  }
  await finished('sent', { sentAt: clock() });
  logAttempt('sent');
}

/** The expiry of the link a message carries, or 'gone' when it was used or replaced. */
async function linkExpiry({ db }: Deps, collection: string, _id: string): Promise<Date | 'gone'> {
  const find = {
    verificationTokens: () => db.orm.verificationTokens.where({ _id }).select('expiresAt').first(),
    passwordTokens: () => db.orm.passwordTokens.where({ _id }).select('expiresAt').first(),
    invitations: () => db.orm.invitations.where({ _id }).select('expiresAt').first(),
    emailChanges: () => db.orm.emailChanges.where({ _id }).select('expiresAt').first(),
    emailReverts: () => db.orm.emailReverts.where({ _id }).select('expiresAt').first(),
    factorGrants: () => db.orm.factorGrants.where({ _id }).select('expiresAt').first(),
  } satisfies Record<LinkRef['collection'], unknown>;
  const row = collection in find ? await find[collection as LinkRef['collection']]() : null;
  return row?.expiresAt ?? 'gone';
}
