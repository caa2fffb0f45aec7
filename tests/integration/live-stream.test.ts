import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAccessToken } from '@/server/auth/access-token';
import { streamLiveEvents, type LiveMessage } from '@/server/live/stream';
import { publish } from '@/server/live/publish';
import { createHarness, type Harness } from '../support/harness';
import { isAppErrorCode, type AppErrorCode } from '@/server/errors';
import { joinByInvitation, member } from '../support/calls';

// Issue 23: a member's tab hears what the others change, through a stream opened with a
// single-use ticket, resumable from the last event it applied, ended with the session.
let h: Harness;
let owner: Awaited<ReturnType<typeof member>>;
beforeAll(async () => {
  h = await createHarness();
  owner = await member(h, 'owner@live.example');
});
afterAll(() => h.close());

type Envelope = [string, LiveMessage, symbol];
/** The stream (a service, not a call) refuses with the domain error itself. */
const refused = async (reading: Promise<unknown>, code: AppErrorCode) =>
  expect(
    isAppErrorCode(
      await reading.then(
        () => null,
        (error: unknown) => error,
      ),
      code,
    ),
  ).toBe(true);
/** A stream opened with a fresh ticket of `who`'s, and a way to read its next event within `ms`. */
async function open(who: { api: typeof owner.api }, lastEventId?: string) {
  const { ticket } = await who.api.live.ticket();
  const abort = new AbortController();
  const events = streamLiveEvents(h.deps, { ticket, user: null, organisationId: null }, lastEventId, abort.signal);
  // A new stream says first that it listens; a resumed one goes straight on.
  if (lastEventId === undefined) {
    const ready = await events.next();
    expect((ready.value as unknown as Envelope)[1]).toEqual({ kind: 'ready', data: {} });
  }
  return {
    ticket,
    abort,
    next: (ms = 1500) =>
      Promise.race([
        events.next().then((r) => (r.done ? null : (r.value as unknown as Envelope))),
        new Promise<'silent'>((resolve) => setTimeout(() => resolve('silent'), ms)),
      ]),
    events,
  };
}

describe('the live stream', () => {
  it("hears another member's changes within a second, each once, and resumes after a drop with nothing lost", async () => {
    const mate = await joinByInvitation(h, owner, 'mate@live.example');
    const stream = await open(mate);
    const first = stream.next();
    const task = await owner.api.task.create({ title: 'heard live' });
    const heard = await first;
    expect(heard).not.toBe('silent');
    expect((heard as Envelope)[1]).toEqual({ kind: 'task.changed', data: { listId: task.listId, taskId: task.id, tab: null } });
    const lastId = (heard as Envelope)[0];

    // The tab drops; two changes happen meanwhile; it comes back with the last id it applied.
    stream.abort.abort();
    expect(await stream.next()).toBeNull(); // the server stops at once
    await owner.api.task.toggle({ id: task.id, done: true });
    await owner.api.task.update({ id: task.id, title: 'renamed' });
    const back = await open(mate, lastId);
    const missed = [await back.next(), await back.next()] as Envelope[];
    expect(missed.map((m) => Number(m[0]))).toEqual([Number(lastId) + 1, Number(lastId) + 2]);
    expect(await back.next(400)).toBe('silent'); // nothing twice
    back.abort.abort();
  });

  it('takes a ticket once, and only within its 30 seconds', async () => {
    const { ticket } = await owner.api.live.ticket();
    const abort = new AbortController();
    const firstAbort = new AbortController();
    const first = streamLiveEvents(h.deps, { ticket, user: null, organisationId: null }, undefined, firstAbort.signal);
    const reading = first.next();
    await owner.api.task.create({ title: 'first connection' });
    expect((await reading).done).toBe(false); // the first connection took the ticket and hears
    // Ten at once with the used ticket (a replayed URL): none gets a stream.
    const replays = Array.from({ length: 10 }, () =>
      streamLiveEvents(h.deps, { ticket, user: null, organisationId: null }, undefined, abort.signal).next(),
    );
    for (const result of await Promise.allSettled(replays)) {
      expect(result.status === 'rejected' && isAppErrorCode(result.reason, 'UNAUTHENTICATED')).toBe(true);
    }
    firstAbort.abort();
    expect((await first.next()).done).toBe(true);
    const late = await owner.api.live.ticket();
    h.advance(31_000);
    await refused(
      streamLiveEvents(h.deps, { ticket: late.ticket, user: null, organisationId: null }, undefined, abort.signal).next(),
      'UNAUTHENTICATED',
    );
    await refused(
      streamLiveEvents(h.deps, { ticket: null, user: null, organisationId: null }, undefined, abort.signal).next(),
      'UNAUTHENTICATED',
    );
  });

  it("hears nothing of another organisation's changes", async () => {
    const other = await member(h, 'other@live.example');
    const stream = await open(owner);
    const next = stream.next(800);
    await other.api.task.create({ title: 'elsewhere' });
    expect(await next).toBe('silent');
    stream.abort.abort();
  });

  it('ends within a second or two once its session is ended, or its member removed', async () => {
    const mate = await joinByInvitation(h, owner, 'leaving@live.example');
    const stream = await open(mate);
    const claims = (await verifyAccessToken(h.deps, mate.accessToken))!;
    await mate.api.account.endSession({ id: claims.sessionId });
    await refused(stream.next(3000) as Promise<unknown>, 'UNAUTHENTICATED');

    const staying = await joinByInvitation(h, owner, 'removed@live.example');
    const removed = await open(staying);
    await owner.api.organisation.removeMember({ userId: staying.userId });
    // It may hear its own removal first (the members changed); then it ends.
    const ends = async () => {
      for (;;) {
        const heard = await removed.next(3000);
        if (heard === 'silent' || heard === null) return heard;
      }
    };
    await expect(ends()).rejects.toThrow();
  });
});

describe('the live stream under load', () => {
  it('delivers 1,000 events written by ten writers at once exactly once across a dropped connection', async () => {
    const stream = await open(owner);
    const writing = Promise.all(
      Array.from({ length: 10 }, async (_, writer) => {
        for (let i = 0; i < 100; i++) {
          await publish(h.deps, { organisationId: owner.organisationId }, 'task.changed', { n: String(writer * 100 + i) });
        }
      }),
    );
    const heard: number[] = [];
    let lastId = '';
    const read = async (from: Awaited<ReturnType<typeof open>>, until: number) => {
      while (heard.length < until) {
        const next = await from.next(10_000);
        if (next === null || next === 'silent') throw new Error(`stream stopped after ${heard.length} events`);
        expect(next[1].kind).toBe('task.changed');
        heard.push(Number(next[1].data['n']));
        lastId = next[0];
      }
    };
    await read(stream, 300);
    stream.abort.abort(); // dropped mid-burst: the writers go on
    expect(await stream.next()).toBeNull();
    const back = await open(owner, lastId);
    await read(back, 1000);
    await writing;
    expect(await back.next(500)).toBe('silent'); // nothing twice, nothing more
    back.abort.abort();
    expect(heard.length).toBe(1000);
    expect(new Set(heard).size).toBe(1000);
  }, 120_000);

  it('stops its server-side work when the connection closes: its feed listener goes, no check runs on', async () => {
    let listening = 0;
    let checks = 0;
    const feed = h.deps.live.feed;
    const counted = {
      ...h.deps,
      live: {
        ...h.deps.live,
        feed: {
          ...feed,
          listen: (organisationId: string, listener: Parameters<typeof feed.listen>[1]) => {
            listening++;
            const stop = feed.listen(organisationId, listener);
            return () => {
              listening--;
              stop();
            };
          },
        },
      },
      // Every read of a session (the stream's recheck) counted.
      db: new Proxy(h.deps.db, {
        get: (db, name) =>
          name === 'orm'
            ? new Proxy(db.orm, {
                get: (orm, collection) => {
                  if (collection === 'sessions') checks++;
                  return Reflect.get(orm, collection);
                },
              })
            : Reflect.get(db, name),
      }),
    };
    for (let round = 0; round < 3; round++) {
      const { ticket } = await owner.api.live.ticket();
      const abort = new AbortController();
      const events = streamLiveEvents(counted, { ticket, user: null, organisationId: null }, undefined, abort.signal);
      expect((await events.next()).done).toBe(false); // ready
      const pending = events.next();
      await new Promise((resolve) => setTimeout(resolve, 1200)); // one recheck at least
      expect(listening).toBe(1);
      abort.abort();
      expect((await pending).done).toBe(true); // at once, not at the next recheck
      expect(listening).toBe(0);
      const after = checks;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(checks).toBe(after);
    }
  });
});

describe('live tickets', () => {
  it('are limited per account, counted before they are checked, also many at once', async () => {
    const scaled = await createHarness({ RATE_LIMIT_SCALE: '0.02' }); // 300 × 0.02: 6 in 15 minutes
    try {
      const someone = await member(scaled, 'tickets@live.example');
      const results = await Promise.allSettled(Array.from({ length: 12 }, () => someone.api.live.ticket()));
      expect(results.filter((r) => r.status === 'fulfilled').length).toBeLessThanOrEqual(6);
      scaled.advance(16 * 60_000);
      for (let i = 0; i < 6; i++) await someone.api.live.ticket();
      await expect(someone.api.live.ticket()).rejects.toThrow(/Too many attempts/);
    } finally {
      await scaled.close();
    }
  });
});
