// Measures task list and create latency with 10,000 tasks in one organisation, through the real
// tRPC handler (in-process) on a fresh FerretDB. Prints figures; asserts nothing.
// Run: npx tsx tests/bench/tasks.ts
import { createHarness, type Harness } from '../support/harness';
import { accountWithToken } from '../support/flows';
import { startThrowawayDb } from '../../scripts/embedded-db.mjs';
import { PORTS } from '../../scripts/lib/topology.mjs';
import { measure } from './measure';
import { fillList } from '../../server/store/task-order';

const TASKS = Number(process.env['TASKS'] ?? 10_000);
const ferret = await startThrowawayDb({
  ferretPort: PORTS.benchTasksFerretDb,
  postgresPort: PORTS.benchTasksPostgres,
  dbName: 'bench',
});
process.env['TEST_DATABASE_URL'] = ferret.url;

let h: Harness | undefined;
try {
  h = await createHarness({ RATE_LIMIT_SCALE: '1000' });
  const harness = h;
  const owner = await accountWithToken(harness, 'owner@bench.example');
  const other = await accountWithToken(harness, 'other@bench.example');
  const started = performance.now();
  const [ownerList] = await harness.deps.db.orm.lists.where({ organisationId: owner.organisationId }).all();
  const now = Date.now();
  await fillList(
    harness.deps,
    { organisationId: owner.organisationId, listId: String(ownerList!._id), createdBy: owner.userId },
    Array.from({ length: TASKS }, (_, n) => ({
      title: `Task ${n}`,
      done: n % 3 === 0,
      createdAt: new Date(now - n * 1000),
    })),
  );
  await harness.http('task.create', { input: { title: 'elsewhere' }, headers: other.headers });
  console.log(
    `seeded ${TASKS} tasks in one organisation in ${((performance.now() - started) / 1000).toFixed(1)} s; FerretDB, ${new Date().toISOString()}`,
  );

  let cursor: string | null = null;
  await measure('task.list first page (50 of 10,000)', 50, async () => {
    const r = await harness.http('task.list', { method: 'GET', input: { limit: 50 }, headers: owner.headers });
    if (r.status !== 200) throw new Error(`list ${r.status}`);
    cursor = (r.body.result!.data as { nextCursor: string }).nextCursor;
  });
  await measure('task.list a later page (cursor)', 50, async () => {
    const r = await harness.http('task.list', { method: 'GET', input: { limit: 50, cursor }, headers: owner.headers });
    if (r.status !== 200) throw new Error(`list ${r.status}`);
  });
  await measure('task.create', 100, async (i) => {
    const r = await harness.http('task.create', { input: { title: `Bench ${i}` }, headers: owner.headers });
    if (r.status !== 200) throw new Error(`create ${r.status}`);
  });
  const firstPage = await harness.http('task.list', { method: 'GET', input: { limit: 50 }, headers: owner.headers });
  const ids = (firstPage.body.result!.data as { tasks: { id: string }[] }).tasks.map((t) => t.id);
  const listId = String(ownerList!._id);
  await measure('task.move within the list (between two neighbours)', 50, async (i) => {
    const [id, after, before] = i % 2 === 0 ? [ids[5]!, ids[30]!, ids[31]!] : [ids[5]!, ids[3]!, ids[4]!];
    const r = await harness.http('task.move', {
      input: { id, listId, afterId: after, beforeId: before },
      headers: owner.headers,
    });
    if (r.status !== 200) throw new Error(`move ${r.status}`);
  });
  await measure('task.toggle (complete, reopen)', 50, async (i) => {
    const r = await harness.http('task.toggle', { input: { id: ids[10]!, done: i % 2 === 0 }, headers: owner.headers });
    if (r.status !== 200) throw new Error(`toggle ${r.status}`);
  });
  await measure('task.list in the other organisation (1 task)', 50, async () => {
    const r = await harness.http('task.list', { method: 'GET', input: { limit: 50 }, headers: other.headers });
    if (r.status !== 200) throw new Error(`list ${r.status}`);
  });
} finally {
  await h?.close();
  await ferret.stop();
}
