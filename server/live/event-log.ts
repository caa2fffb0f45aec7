import { ObjectId } from 'mongodb';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { isDuplicateKey } from '../store/db-errors';
import type { LiveEvent, LogCursor } from './types';

export type { LiveEvent, LogCursor } from './types';

/*
 * The live updates' log: one order of events across every instance, on FerretDB and MongoDB
 * alike (no change streams, no counter). An event's `seq` is claimed by inserting it into a
 * unique index, and an instance tries seq n only once it knows n - 1 exists (it wrote it, or
 * read it, or found n taken). So the log has no gaps, and a reader that has seen n + 1 has
 * seen n: a poller reading "after the last seq delivered" skips nothing, unlike one reading
 * "after the last ObjectId", which two instances make visible out of order.
 */

/** Events per block: a reader reads a block by one equality filter. */
export const BLOCK = 100;
/** How long an event is kept (the sweep deletes it after): a reader further behind reads afresh. */
export const KEPT_MS = 86_400_000;

type Db = Deps['db'];
const events = (db: Db) => db.mongo.collection('liveEvents');
const blockOf = (seq: number) => Math.floor(seq / BLOCK);

/** A block's events, in order. */
async function readBlock(db: Db, block: number): Promise<LiveEvent[]> {
  const rows = await events(db).find({ block }).toArray();
  return rows
    .map((row) => ({
      seq: Number(row['seq']),
      organisationId: String(row['organisationId']),
      kind: String(row['kind']),
      data: JSON.parse(String(row['data'])) as Record<string, unknown>,
      at: row['createdAt'] as Date,
    }))
    .sort((a, b) => a.seq - b.seq);
}

/**
 * The head of the log: from a seq known to exist (0: none), block after block while each is
 * full, starting no lower than the head's hint.
 */
export async function readHead(db: Db, known: number): Promise<number> {
  const hint = await db.mongo.collection('liveHeads').findOne({ key: 'head' });
  let head = Math.max(known, Number(hint?.['seq'] ?? 0));
  for (let block = blockOf(head); ; block++) {
    const seqs = (await readBlock(db, block)).map((event) => event.seq);
    head = Math.max(head, ...seqs);
    if (!seqs.includes((block + 1) * BLOCK - 1)) return head;
  }
}

type NewEvent = { organisationId: string; kind: string; data: Record<string, unknown> };
// An instance's appends, one after another: its own writers never race each other for a seq
// (ten at once lost one event in a hundred to retries), only other instances do.
const appending = new WeakMap<LogCursor, Promise<unknown>>();

/**
 * Appends an event; returns its seq. Tries the seq after the highest this instance has seen;
 * when another instance took it, reads the head and tries the one after.
 */
export function appendEvent(deps: Pick<Deps, 'db' | 'clock'>, cursor: LogCursor, event: NewEvent): Promise<number> {
  const appended = (appending.get(cursor) ?? Promise.resolve()).then(() => appendNow(deps, cursor, event));
  appending.set(
    cursor,
    appended.catch(() => undefined),
  );
  return appended;
}

async function appendNow({ db, clock }: Pick<Deps, 'db' | 'clock'>, cursor: LogCursor, event: NewEvent): Promise<number> {
  let seq = cursor.head + 1;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await events(db).insertOne({
        seq,
        block: blockOf(seq),
        organisationId: new ObjectId(event.organisationId),
        kind: event.kind,
        data: JSON.stringify(event.data),
        createdAt: clock(),
        expiresAt: new Date(clock().getTime() + KEPT_MS),
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      seq = (await readHead(db, seq)) + 1; // seq exists: the head is at or above it
      continue;
    }
    cursor.head = Math.max(cursor.head, seq);
    if (seq % BLOCK === 0) await writeHint(db, seq);
    return seq;
  }
  throw new AppError('BUSY');
}

/** Raises the head's hint at each new block. Two at once may leave the lower: still a start. */
async function writeHint(db: Db, seq: number): Promise<void> {
  await db.mongo
    .collection('liveHeads')
    .updateOne({ key: 'head' }, { $set: { seq } }, { upsert: true })
    .catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error; // two first hints at once: one is enough
    });
}

/** The events after `seq`, in order, as far as they run without a gap (a block at a time). */
export async function readAfter(db: Db, seq: number): Promise<LiveEvent[]> {
  const found: LiveEvent[] = [];
  let last = seq;
  for (let block = blockOf(seq + 1); ; block++) {
    for (const event of (await readBlock(db, block)).filter((e) => e.seq > last)) {
      if (event.seq !== last + 1) return found;
      found.push(event);
      last = event.seq;
    }
    if (last !== (block + 1) * BLOCK - 1) return found;
  }
}

/**
 * What a reader that stopped at `seq` missed, up to `head` (what the instance has delivered
 * since): null when the first of them has expired, and the reader must read its views afresh.
 */
export async function catchUp(db: Db, seq: number, head: number): Promise<LiveEvent[] | null> {
  if (seq >= head) return [];
  const missed = (await readAfter(db, seq)).filter((event) => event.seq <= head);
  return missed[0]?.seq === seq + 1 ? missed : null;
}
