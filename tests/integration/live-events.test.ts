import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvent, BLOCK, catchUp, KEPT_MS, readAfter, type LiveEvent } from '@/server/live/event-log';
import { sweepExpired } from '@/server/auth/sweep';
import { createLiveFeed } from '@/server/live/feed';
import { createHarness, type Harness } from '../support/harness';

// Issue 23: the log live updates are read from. Two instances on one database append at once;
// each instance's one poller delivers every event once, in one order, and no event is skipped.
let a: Harness;
let b: Harness;
beforeAll(async () => {
  a = await createHarness();
  b = await createHarness({ DATABASE_URL: a.deps.config.DATABASE_URL }); // a second instance
});
afterAll(async () => {
  await b.close();
  await a.close();
});

const org = () => new ObjectId().toHexString();
const until = async (done: () => boolean, ms = 1000) => {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return done();
};

describe('the live events log', () => {
  it('two instances appending at once leave one gapless order, and a poller delivers each event once, within a second (20 rounds)', async () => {
    const [cursorA, cursorB] = [{ head: 0 }, { head: 0 }];
    const feed = createLiveFeed(b.deps, cursorB, { intervalMs: 50 });
    const [x, y] = [org(), org()];
    const heard: LiveEvent[] = [];
    const heardByY: LiveEvent[] = [];
    const stopX = feed.listen(x, (event) => heard.push(event));
    const stopY = feed.listen(y, (event) => heardByY.push(event));
    await feed.poll();
    const appended: number[] = [];
    let sentToX = 0;
    for (let round = 0; round < 20; round++) {
      const writes = Array.from({ length: 12 }, (_, i) => {
        const [instance, cursor] = i % 2 === 0 ? [a, cursorA] : [b, cursorB];
        const organisationId = i % 3 === 0 ? y : x;
        if (organisationId === x) sentToX++;
        return appendEvent(instance.deps, cursor, { organisationId, kind: 'task.changed', data: { round, i } });
      });
      appended.push(...(await Promise.all(writes)));
      expect(await until(() => heard.length === sentToX)).toBe(true);
    }
    stopX();
    stopY();
    feed.stop();
    // One order, no gap, no seq twice.
    const sorted = [...appended].sort((p, q) => p - q);
    expect(new Set(sorted).size).toBe(sorted.length);
    expect(sorted.at(-1)! - sorted[0]! + 1).toBe(sorted.length);
    // Each listener heard its organisation's events, once each, in order.
    expect(heard.map((e) => e.seq)).toEqual([...heard.map((e) => e.seq)].sort((p, q) => p - q));
    expect(new Set(heard.map((e) => e.seq)).size).toBe(sentToX);
    expect(heard.every((e) => e.organisationId === x)).toBe(true);
    expect(heardByY.every((e) => e.organisationId === y)).toBe(true);
    expect(heard.length + heardByY.length).toBe(appended.length);
  });

  it('an instance that starts late finds the head through the hint, not from the first event', async () => {
    const cursor = { head: 0 };
    let seq = 0;
    for (let i = 0; i < BLOCK + 20; i++) seq = await appendEvent(a.deps, cursor, { organisationId: org(), kind: 'k', data: {} });
    const late = { head: 0 };
    expect(await appendEvent(b.deps, late, { organisationId: org(), kind: 'k', data: {} })).toBe(seq + 1);
    expect(late.head).toBe(seq + 1);
    expect((await readAfter(a.deps.db, seq - 3)).map((e) => e.seq)).toEqual([seq - 2, seq - 1, seq, seq + 1]);
  });

  it('a reader behind expired events is told to read afresh; one up to date gets what it missed', async () => {
    const cursor = { head: 0 };
    const first = await appendEvent(a.deps, cursor, { organisationId: org(), kind: 'old', data: {} });
    a.advance(KEPT_MS + 60_000);
    const second = await appendEvent(a.deps, cursor, { organisationId: org(), kind: 'new', data: {} });
    expect((await catchUp(a.deps.db, first, second))?.map((e) => e.kind)).toEqual(['new']);
    await sweepExpired(a.deps, a.deps.clock()); // the housekeeping's
    expect(await catchUp(a.deps.db, first - 1, second)).toBeNull();
    expect(await catchUp(a.deps.db, second, second)).toEqual([]);
  });
});
