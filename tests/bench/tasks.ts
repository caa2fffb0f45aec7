// Issue 22's task benchmark. Seeds one organisation with 100,000 tasks in 50 lists (one of
// 5,000, the others about 1,940), 20 members, 30 % done, due days spread over a year, created
// over the past year, and one of 1,000 tasks shaped the same; then times each call through the
// real tRPC handler (in-process) on a fresh FerretDB, one client, beside the no-database
// floor. Prints figures; asserts nothing. Run: npx tsx tests/bench/tasks.ts (TASKS=<n> to scale).
import { createHarness, type Harness } from '../support/harness';
import { accountWithToken } from '../support/flows';
import { startThrowawayDb } from '../../scripts/embedded-db.mjs';
import { PORTS } from '../../scripts/lib/topology.mjs';
import { addMembership } from '../../server/organisation/membership';
import { addList } from '../../server/tasks/lists';
import { fillLists, type SeededTask } from '../../server/store/task-seed';
import { percentiles } from './measure';
import { measureLive } from './live';
import { monthOf } from '../../server/store/task-words.mjs';
import { runPsql } from '../../scripts/postgres.mjs';

const TASKS = Number(process.env['TASKS'] ?? 100_000);
const SMALL = 1_000;
const LISTS = 50;
const MEMBERS = 20;
const DAY = 86_400_000;

// Titles and notes from a fixed vocabulary, drawn by a seeded generator: the same data every run.
const WORDS = `plan review budget report draft invoice client meeting agenda roadmap release bug fix test deploy server
design mockup copy website launch campaign email newsletter survey feedback interview hire onboard contract legal
audit security backup migrate database index search cache latency metrics dashboard alert incident postmortem
customer support ticket refund order shipping warehouse supplier quote purchase payroll tax expense receipt
travel booking hotel flight visa conference talk slides workshop training course certificate policy handbook
office move desk chair printer laptop licence renewal subscription vendor partner integration api webhook token
mobile android ios tablet accessibility translation french german spanish japanese logo brand colour font photo
video podcast script edit publish schedule calendar quarter annual monthly weekly daily standup retro sprint
estimate priority backlog epic story task subtask blocker dependency risk issue decision owner approval sign
finance forecast revenue margin pricing discount plan tier trial churn growth funnel lead prospect demo proposal
research experiment prototype benchmark performance memory leak crash log trace deploy rollback hotfix patch`
  .split(/\s+/)
  .filter(Boolean);

function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** Tasks of one organisation: list sizes, then each task's fields. */
function tasksFor(total: number, memberIds: string[], now: number): SeededTask[][] {
  const random = generator(total);
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const phrase = (n: number) => Array.from({ length: n }, pick).join(' ');
  const big = Math.round(total * 0.05);
  const sizes = [big, ...Array.from({ length: LISTS - 1 }, (_, i) => Math.floor((total - big + i) / (LISTS - 1)))];
  return sizes.map((size) =>
    Array.from({ length: size }, () => {
      const title = phrase(3 + Math.floor(random() * 4));
      return {
        title: title.charAt(0).toUpperCase() + title.slice(1),
        notes: random() < 0.2 ? phrase(5 + Math.floor(random() * 10)) : '',
        done: random() < 0.3,
        createdAt: new Date(now - Math.floor(random() * 365 * DAY)),
        dueDate: random() < 0.6 ? new Date(Math.floor(now / DAY + (random() * 365 - 182)) * DAY) : null,
        assigneeId: random() < 0.45 ? memberIds[Math.floor(random() * memberIds.length)]! : null,
      };
    }),
  );
}

const ferret = await startThrowawayDb({
  ferretPort: PORTS.benchTasksFerretDb,
  postgresPort: PORTS.benchTasksPostgres,
  dbName: 'bench',
});
process.env['TEST_DATABASE_URL'] = ferret.url;

/**
 * After a bulk load PostgreSQL's autovacuum runs for minutes and slows every call: do that
 * maintenance before measuring (as scripts/bench.ts does).
 */
function settle(): void {
  const failed = runPsql(`postgres://tasklane@127.0.0.1:${PORTS.benchTasksPostgres}/postgres`, [
    '-c',
    'VACUUM ANALYZE',
    '-c',
    'CHECKPOINT',
  ]);
  if (failed) throw new Error(`VACUUM ANALYZE failed: ${failed}`);
}

interface Seeded {
  headers: Record<string, string>;
  /** Every member's headers, the owner's first. */
  members: Record<string, string>[];
  lists: { id: string; size: number }[];
  ownerId: string;
}

let h: Harness | undefined;
try {
  h = await createHarness({ RATE_LIMIT_SCALE: '1000' });
  const harness = h;

  /** An organisation of `total` tasks and MEMBERS members, measured as its owner. */
  const seed = async (name: string, total: number): Promise<Seeded> => {
    const started = performance.now();
    const accounts = await Promise.all(
      Array.from({ length: MEMBERS }, (_, i) => accountWithToken(harness, `${name}-${i}@bench.example`)),
    );
    const owner = accounts[0]!;
    const organisation = { _id: owner.organisationId, name };
    for (const mate of accounts.slice(1)) await addMembership(harness.deps, mate.userId, organisation, 'member');
    const [first] = await harness.deps.db.orm.lists.where({ organisationId: owner.organisationId }).all();
    const listIds = [String(first!._id)];
    for (let i = 1; i < LISTS; i++)
      listIds.push((await addList(harness.deps, owner.organisationId, owner.userId, `List ${i}`)).id);
    const tasks = tasksFor(
      total,
      accounts.map((a) => a.userId),
      Date.now(),
    );
    await fillLists(
      harness.deps,
      { organisationId: owner.organisationId, createdBy: owner.userId },
      listIds.map((listId, i) => ({ listId, tasks: tasks[i]! })),
    );
    const oldest = Math.min(...tasks.flat().map((task) => task.createdAt.getTime()));
    await harness.deps.db.orm.organisations
      .where({ _id: owner.organisationId })
      .update({ searchFrom: monthOf(new Date(oldest)) });
    console.log(
      `seeded ${name}: ${total.toLocaleString('en')} tasks in ${LISTS} lists, ${MEMBERS} members, in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    return {
      headers: { ...owner.headers, 'x-organisation-id': owner.organisationId },
      members: accounts.map((account) => ({ ...account.headers, 'x-organisation-id': owner.organisationId })),
      ownerId: owner.userId,
      lists: listIds.map((id, i) => ({ id, size: tasks[i]!.length })),
    };
  };

  const call = async (path: string, headers: Record<string, string>, input: unknown, method: 'GET' | 'POST' = 'GET') => {
    const reply = await harness.http(path, { method, input, headers });
    if (reply.status !== 200) throw new Error(`${path} ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.result!.data as { tasks: { id: string }[]; nextCursor: string | null };
  };

  const measureAll = async (org: Seeded, label: string) => {
    const rows: [string, string, number][] = [];
    const time = async (name: string, target: string, runs: number, fn: (i: number) => Promise<unknown>) => {
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await fn(i);
        samples.push(performance.now() - started);
      }
      rows.push([name, target, percentiles(samples).p50]);
      console.log(`  ${name.padEnd(52)} ${target.padEnd(8)} ${percentiles(samples).line}`);
    };
    console.log(`\n${label}`);
    const [big, usual, other] = [org.lists[0]!, org.lists[1]!, org.lists[2]!];
    const h = org.headers;
    await time('floor: a call refused before any database work', '', 100, () => harness.http('auth.me', { method: 'GET' }));
    await time(`list, first page (a list of ${usual.size.toLocaleString('en')})`, '< 40', 30, () =>
      call('task.list', h, { listId: usual.id, limit: 50 }),
    );
    const second = (await call('task.list', h, { listId: usual.id, limit: 50 })).nextCursor;
    await time(`list, a later page (a list of ${usual.size.toLocaleString('en')})`, '', 30, () =>
      call('task.list', h, { listId: usual.id, limit: 50, ...(second ? { cursor: second } : {}) }),
    );
    await time(`list, first page (a list of ${big.size.toLocaleString('en')})`, 'report', 30, () =>
      call('task.list', h, { listId: big.id, limit: 50 }),
    );
    await time(`list by due day, first page (a list of ${usual.size.toLocaleString('en')})`, 'report', 30, () =>
      call('task.list', h, { listId: usual.id, limit: 50, sort: 'due' }),
    );
    await time(`list newest first, first page (a list of ${usual.size.toLocaleString('en')})`, 'report', 30, () =>
      call('task.list', h, { listId: usual.id, limit: 50, sort: 'created' }),
    );
    await time('Assigned to me, first page', '< 40', 30, () => call('task.mine', h, { limit: 50 }));
    await time('Assigned to me, done, first page', 'report', 30, () => call('task.mine', h, { limit: 50, show: 'done' }));
    await time('Upcoming, first page', '< 40', 30, () => call('task.upcoming', h, { limit: 50 }));
    await time('search, two words ("budget review")', '< 150', 30, () =>
      call('task.search', h, { query: 'budget review', limit: 50 }),
    );
    await time('search, one word ("invoice")', 'report', 30, () => call('task.search', h, { query: 'invoice', limit: 50 }));
    await time('search, two letters ("re")', 'report', 10, () => call('task.search', h, { query: 're', limit: 50 }));
    await time('search, a word in no task ("zebra")', 'report', 10, () => call('task.search', h, { query: 'zebra', limit: 50 }));
    await time('create', '< 30', 30, (i) =>
      call('task.create', h, { listId: usual.id, title: `Bench task ${i} plan review` }, 'POST'),
    );
    const ids = (await call('task.list', h, { listId: usual.id, limit: 50 })).tasks.map((t) => t.id);
    const n = ids.length; // at least 6: the task moved, two pairs of neighbours, one more
    await time('move within the list', '< 30', 30, (i) =>
      call(
        'task.move',
        h,
        i % 2 === 0
          ? { id: ids[3], listId: usual.id, afterId: ids[n - 2], beforeId: ids[n - 1] }
          : { id: ids[3], listId: usual.id, afterId: ids[0], beforeId: ids[1] },
        'POST',
      ),
    );
    await time('move between lists', '< 30', 30, (i) =>
      call('task.move', h, { id: ids[4], listId: i % 2 === 0 ? other.id : usual.id, afterId: null, beforeId: null }, 'POST'),
    );
    // An assigned, dated task is in three more orders, whose locks a move takes too.
    const held = (await call(
      'task.create',
      h,
      { listId: usual.id, title: 'Bench task assigned and due', assigneeId: org.ownerId, dueDate: '2027-01-15' },
      'POST',
    )) as unknown as { id: string };
    await time('move between lists, a task assigned and due', 'report', 30, (i) =>
      call('task.move', h, { id: held.id, listId: i % 2 === 0 ? other.id : usual.id, afterId: null, beforeId: null }, 'POST'),
    );
    await time('complete (and reopen)', '< 30', 30, (i) => call('task.toggle', h, { id: ids[2], done: i % 2 === 0 }, 'POST'));
    return rows;
  };

  const large = await seed('large', TASKS);
  const small = await seed('small', SMALL);
  settle();
  const largeRows = await measureAll(large, `${TASKS.toLocaleString('en')} tasks (p50 ms; target)`);
  const smallRows = await measureAll(small, `${SMALL.toLocaleString('en')} tasks (p50 ms)`);
  await measureLive(harness, large.members, large.lists[1]!.id);
  console.log(`\np50 side by side (ms): ${SMALL.toLocaleString('en')} tasks | ${TASKS.toLocaleString('en')} tasks | target`);
  largeRows.forEach(([name, target, p50], i) =>
    console.log(`  ${name.padEnd(52)} ${smallRows[i]![2].toFixed(1).padStart(7)} ${p50.toFixed(1).padStart(8)}   ${target}`),
  );
  console.log(`FerretDB ${new Date().toISOString()}`);
} finally {
  await h?.close();
  await ferret.stop();
}
