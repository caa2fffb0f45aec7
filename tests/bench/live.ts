// Issue 23's live-update figures, run by tests/bench/tasks.ts on its seeded organisation: 200
// streams (20 members, 10 tabs each, a tab per stream) through the real tRPC handler's
// server-sent events on one instance. Prints figures; asserts nothing.
import type { Harness } from '../support/harness';
import { percentiles } from './measure';

const TABS_PER_MEMBER = 10;
const CHANGES = 40;
const IDLE_MS = 10_000;

interface Stream {
  abort: AbortController;
  /** When each change (by its title) arrived. */
  heard: Map<string, number>;
  ready: Promise<void>;
}

/** One tab's stream: a ticket, then the handler's SSE response, read as it comes. */
async function openStream(harness: Harness, headers: Record<string, string>, onEvent: () => void): Promise<Stream> {
  const ticket = await harness.http('live.ticket', { method: 'POST', headers });
  const { ticket: value } = ticket.body.result!.data as { ticket: string };
  const url = new URL('http://localhost:3000/api/trpc/live.events');
  url.searchParams.set('input', '{}');
  url.searchParams.set('connectionParams', JSON.stringify({ ticket: value }));
  const abort = new AbortController();
  const response = await harness.handle(new Request(url, { headers: { accept: 'text/event-stream' }, signal: abort.signal }));
  const heard = new Map<string, number>();
  let isReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (isReady = resolve));
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const reader = response.body!.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        buffer += decoder.decode(read.value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5))
            .join('');
          if (!data) continue;
          const message = JSON.parse(data) as { kind?: string; data?: Record<string, unknown> };
          if (message.kind === 'ready') isReady();
          const taskId = message.data?.['taskId'];
          if (message.kind === 'task.changed' && typeof taskId === 'string') {
            heard.set(`${taskId}:${heard.size}`, performance.now());
            onEvent();
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  return { abort, heard, ready };
}

/** Counts the calls the data layer makes of the database while `during` runs. */
async function countCalls(harness: Harness, during: () => Promise<void>): Promise<number> {
  const db = harness.deps.db;
  let calls = 0;
  harness.deps.db = new Proxy(db, {
    get: (target, name) => {
      if (name === 'orm')
        return new Proxy(target.orm, {
          get: (orm, collection) => {
            calls++;
            return Reflect.get(orm, collection);
          },
        });
      if (name === 'mongo')
        return new Proxy(target.mongo, {
          get: (mongo, member) => {
            if (member === 'collection') calls++;
            return Reflect.get(mongo, member);
          },
        });
      return Reflect.get(target, name);
    },
  });
  try {
    await during();
  } finally {
    harness.deps.db = db;
  }
  return calls;
}

export async function measureLive(harness: Harness, members: Record<string, string>[], listId: string): Promise<void> {
  console.log(
    `\nLive updates: ${members.length * TABS_PER_MEMBER} streams (${members.length} members × ${TABS_PER_MEMBER} tabs), one instance`,
  );
  const writer = members[0]!;
  let events = 0;
  const streams: Stream[] = [];
  for (const headers of members) {
    for (let tab = 0; tab < TABS_PER_MEMBER; tab++) streams.push(await openStream(harness, headers, () => events++));
  }
  await Promise.all(streams.map((stream) => stream.ready));

  // Nothing happening: what the poller and the streams' checks cost.
  const cpuBefore = process.cpuUsage();
  const idleStarted = performance.now();
  const idleCalls = await countCalls(harness, () => new Promise((resolve) => setTimeout(resolve, IDLE_MS)));
  const idleSeconds = (performance.now() - idleStarted) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  console.log(
    `  idle: ${(idleCalls / idleSeconds).toFixed(1)} database calls/s (poller and session checks), ` +
      `CPU ${(((cpu.user + cpu.system) / 1000 / (idleSeconds * 1000)) * 100).toFixed(1)} % of one core`,
  );

  // A change, and when it reaches every other tab.
  const task = (
    await harness.http('task.create', { method: 'POST', headers: writer, input: { listId, title: 'Live bench task' } })
  ).body.result!.data as { id: string };
  const latencies: number[] = [];
  const writes: number[] = [];
  for (let i = 0; i < CHANGES; i++) {
    for (const stream of streams) stream.heard.clear();
    const started = performance.now();
    const reply = await harness.http('task.update', {
      method: 'POST',
      headers: writer,
      input: { id: task.id, title: `Live bench task ${i}` },
    });
    if (reply.status !== 200) throw new Error(`task.update ${reply.status}`);
    writes.push(performance.now() - started);
    const deadline = Date.now() + 5000;
    while (streams.some((stream) => stream.heard.size === 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const stream of streams) {
      const at = [...stream.heard.values()][0];
      latencies.push(at === undefined ? 5000 : at - started);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.log(`  a change reaches the other tabs (p50 < 300, p99 < 1,000): ${percentilesWithP99(latencies)}`);
  console.log(`  the change itself (task.update, event written):           ${percentiles(writes).line}`);

  // What a change adds: its event, written alone.
  const { publish } = await import('../../server/live/publish');
  const organisationId = writer['x-organisation-id']!;
  const appends: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    await publish(harness.deps, { organisationId }, 'task.changed', { taskId: task.id, listId });
    appends.push(performance.now() - started);
  }
  console.log(`  a change's added cost, its event appended:                ${percentiles(appends).line}`);
  for (const stream of streams) stream.abort.abort();
  console.log(`  (${events.toLocaleString('en')} events delivered in all)`);
}

function percentilesWithP99(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1);
  return `n=${sorted.length} p50 ${pct(50)} ms   p99 ${pct(99)} ms   max ${pct(100)} ms`;
}
