// `npm run bench`: the production server (server/http/serve.mjs, `next build` output) on the
// embedded database (FerretDB on PostgreSQL), measured over HTTP. Runs on a fresh database, then
// seeds the history a busy month leaves behind and runs again, and prints the growth of each
// one-client p50. Prints figures; asserts nothing. Production settings: bcrypt cost 12 and the
// real rate limits.
import './lib/node-version.mjs';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import bcrypt from 'bcrypt';
import { ObjectId } from 'mongodb';
import { createDatabase } from '../prisma/db';
import { hashPassword } from '../server/auth/passwords';
import { createSession } from '../server/auth/sessions';
import { accountActivity, organisationActivity } from '../server/account/audit';
import { exportAccountData } from '../server/account/export-data';
import { addMembership } from '../server/organisation/membership';
import { SWEEP_PERIOD_MS, sweepExpired } from '../server/auth/sweep';
import { fillList, type SeededTask } from '../server/store/task-seed';
import { addList, FIRST_LIST_NAME } from '../server/tasks/lists';
import { addSeconds, newToken } from '../server/auth/tokens';
import { createDeps } from '../server/composition-root';
import { parseConfig } from '../server/config';
import { createLogger } from '../server/lib/logger';
import { ensureBuild } from './build.mjs';
import { applyContract } from './db-apply.mjs';
import { startThrowawayDb } from './embedded-db.mjs';
import { isListening } from './ferretdb.mjs';
import { runPsql } from './postgres.mjs';
import { PORTS } from './lib/topology.mjs';
import { root, step } from './util.mjs';

const PASSWORD = 'benchmark passphrase of some length';
const BASE = `http://127.0.0.1:${PORTS.benchApp}`;
const CLIENTS = 20;
const SIGN_IN_CLIENTS = 4;

const env: Record<string, string> = {
  NODE_ENV: 'production',
  PORT: String(PORTS.benchApp),
  APP_URL: `http://localhost:${PORTS.benchApp}`,
  JWT_SECRET: randomBytes(32).toString('base64url'),
  PASSWORD_PEPPER: randomBytes(32).toString('base64url'),
  DATA_KEY: randomBytes(32).toString('base64url'),
  BCRYPT_COST: '12',
};

// --- measuring ---------------------------------------------------------------------------

interface Figures {
  p50: number;
  p99: number;
  perSecond: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** `clients` loops, each making `perClient` calls one after another; latency of every call. */
async function load(clients: number, perClient: number, call: (client: number, i: number) => Promise<void>): Promise<Figures> {
  const samples: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; i < perClient; i++) {
        const t = performance.now();
        await call(client, i);
        samples.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), perSecond: samples.length / seconds };
}

async function expectStatus(response: Promise<Response>, status: number, what: string): Promise<Response> {
  const reply = await response;
  if (reply.status !== status) throw new Error(`${what}: HTTP ${reply.status} ${await reply.text()}`);
  return reply;
}

const json = { 'content-type': 'application/json' };
const post = (procedure: string, input: unknown, headers: Record<string, string> = {}) =>
  fetch(`${BASE}/api/trpc/${procedure}`, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(input) });
const get = (procedure: string, input: unknown, headers: Record<string, string> = {}) =>
  fetch(`${BASE}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });

// --- the server and the database ---------------------------------------------------------

async function startServer(databaseUrl: string): Promise<ChildProcess> {
  // A server left by an interrupted run would answer in this one's place.
  if (await isListening(PORTS.benchApp)) throw new Error(`port ${PORTS.benchApp} is in use: stop what holds it first`);
  const child = spawn(process.execPath, ['server/http/serve.mjs'], {
    cwd: root,
    env: { ...process.env, ...env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`the server exited with ${child.exitCode}`));
      const ok = await fetch(`${BASE}/api/trpc/health.check`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return resolve(child);
      if (Date.now() > deadline) return reject(new Error('the server did not start within 60 s'));
      setTimeout(poll, 200);
    };
    void poll();
  });
}

const stopServer = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

type Deps = ReturnType<typeof createDeps>;

interface Account {
  userId: string;
  organisationId: string;
  email: string;
}

async function createAccounts(
  deps: Deps,
  prefix: string,
  count: number,
  passwordHash: string,
  organisationId?: string,
): Promise<Account[]> {
  const accounts: Account[] = [];
  for (let i = 0; i < count; i++) {
    const orgId =
      organisationId ??
      (
        await deps.db.orm.organisations.create({
          name: `${prefix} ${i}`,
          requireSecondFactor: false,
          timeZone: null,
          searchFrom: '2000-01',
        })
      )._id;
    const email = `${prefix}${i}@bench.example`;
    const user = await deps.db.orm.users.create({
      email,
      name: null,
      passwordHash,
      verified: true,
      firstSignInAt: null,
      secondFactor: null,
      credentialEpoch: null,
      addresses: null,
      notifyMentions: null,
      notifyAssignments: null,
    });
    await addMembership(deps, user._id, { _id: orgId, name: `${prefix} ${i}` }, 'owner');
    accounts.push({ userId: user._id, organisationId: orgId, email });
  }
  return accounts;
}

/** The history of a busy month: every kind of document that only time produces. */
/** Returns one of the 99 other organisations. */
async function seedHistory(deps: Deps, measuredUser: string, passwordHash: string): Promise<string> {
  const { db } = deps;
  const batches = async (total: number, make: (i: number) => Record<string, unknown>, collection: string) => {
    for (let i = 0; i < total; i += 1000) {
      await db.mongo.collection(collection).insertMany(Array.from({ length: Math.min(1000, total - i) }, (_, j) => make(i + j)));
    }
  };
  const now = deps.clock();
  step('Seeding 5,000 users with one live session each');
  const users = await createAccounts(deps, 'seeded', 5000, passwordHash);
  const sessions: string[] = [];
  for (const user of users) {
    sessions.push(
      (await createSession(deps, { _id: user.userId, email: user.email }, { ip: '10.0.0.1', userAgent: 'bench' })).sessionId,
    );
  }
  step('Seeding 100,000 rotated refresh tokens');
  await batches(
    100_000,
    (i) => ({
      parentHash: newToken().tokenHash,
      sessionId: new ObjectId(sessions[i % sessions.length]),
      rotatedAt: addSeconds(now, -i),
      expiresAt: addSeconds(now, 20 * 86_400),
    }),
    'refreshRotations',
  );
  step('Seeding 100,000 rate-limit events, all expired');
  await batches(100_000, (i) => ({ key: `signin-ip:${i % 5000}`, expiresAt: addSeconds(now, -60 - i) }), 'rateLimitEvents');
  // The measured organisation already holds its 10,000: the other 99 get 90,000 between them.
  step('Seeding 90,000 more tasks in 99 other organisations (100,000 in all)');
  for (const [n, account] of users.slice(0, 99).entries()) {
    const count = Math.floor(90_000 / 99) + (n < 90_000 % 99 ? 1 : 0);
    await seedList(deps, account.organisationId, measuredUser, count, (k) => ({
      title: `Seeded task ${n}-${k}`,
      done: k % 3 === 0,
      createdAt: addSeconds(now, -100_000 + k),
    }));
  }
  // Security activity within retention: 19 events for each seeded person, 1,000 for the measured
  // one (an account under a month of attack) and 1,000 organisation events for the first.
  step('Seeding 100,000 security events (auditEvents)');
  const people = users.map((u) => new ObjectId(u.userId));
  const firstOrganisation = new ObjectId(users[0]!.organisationId);
  await batches(
    100_000,
    (i) => {
      const at = addSeconds(now, -i * 20);
      const base = {
        actorId: null,
        actorEmail: null,
        targetEmail: null,
        detail: null,
        createdAt: at,
        expiresAt: addSeconds(at, 90 * 86_400),
      };
      if (i < 1000)
        return {
          ...base,
          type: 'sign_in.failed',
          userId: new ObjectId(measuredUser),
          organisationId: null,
          ip: '10.0.0.2',
          device: 'bench',
        };
      if (i < 2000)
        return { ...base, type: 'invitation.sent', userId: null, organisationId: firstOrganisation, ip: null, device: null };
      return {
        ...base,
        type: 'sign_in.succeeded',
        userId: people[i % people.length],
        organisationId: null,
        ip: '10.0.0.1',
        device: 'bench',
      };
    },
    'auditEvents',
  );
  return users[0]!.organisationId;
}

/** An organisation's first list, filled with `count` tasks (server/store/task-order.ts). */
async function seedList(
  deps: Deps,
  organisationId: string,
  createdBy: string,
  count: number,
  make: (n: number) => SeededTask,
): Promise<void> {
  const list = await addList(deps, organisationId, createdBy, FIRST_LIST_NAME);
  await fillList(
    deps,
    { organisationId, listId: list.id, createdBy },
    Array.from({ length: count }, (_, n) => make(n)),
  );
}

// --- one run ------------------------------------------------------------------------------

type Row = { call: string; one: Figures; many: Figures; clients: number };

async function measure(bearer: string, organisationId: string, chains: string[], signInAccounts: Account[]): Promise<Row[]> {
  // The tab's organisation travels with every call; the membership check is part of what is measured.
  const auth = { authorization: `Bearer ${bearer}`, 'x-organisation-id': organisationId };
  const rows: Row[] = [];
  const both = async (
    call: string,
    one: number,
    many: number,
    fn: (client: number, i: number) => Promise<void>,
    clients = CLIENTS,
  ) => {
    await load(1, Math.min(one, 30), fn); // warm-up: the server's first calls pay for JIT and caches, not for data
    rows.push({ call, one: await load(1, one, fn), many: await load(clients, many, fn), clients });
    const last = rows.at(-1)!;
    console.log(
      `  ${call.padEnd(22)} 1 client: p50 ${last.one.p50.toFixed(1)} ms, p99 ${last.one.p99.toFixed(1)} ms | ` +
        `${clients} clients: ${last.many.perSecond.toFixed(0)} req/s, p50 ${last.many.p50.toFixed(1)} ms, p99 ${last.many.p99.toFixed(1)} ms`,
    );
  };
  await both('floor (401, no DB)', 300, 100, async () => void (await expectStatus(get('auth.me', null), 401, 'floor')).text());
  await both('auth.me', 300, 100, async () => void (await expectStatus(get('auth.me', null, auth), 200, 'me')).text());
  await both('auth.refreshTokens', 200, 50, async (client) => {
    const reply = await expectStatus(post('auth.refreshTokens', { refreshToken: chains[client] }), 200, 'refresh');
    chains[client] = ((await reply.json()) as { result: { data: { refreshToken: string } } }).result.data.refreshToken;
  });
  // Fewer calls: each costs hundreds of milliseconds on FerretDB (docs/database.md).
  await both(
    'task.list (first page)',
    50,
    5,
    async () => void (await expectStatus(get('task.list', {}, auth), 200, 'list')).text(),
  );
  await both(
    'task.create',
    200,
    50,
    async (_, i) => void (await expectStatus(post('task.create', { title: `Bench ${i}` }, auth), 200, 'create')).text(),
  );
  await both(
    'auth.signIn',
    20,
    // 30 each: with 10 (40 sign-ins, about 5 s) one stall moved the rate by several percent,
    // and runs of the same code read 78% to 93% of the ceiling (docs/database.md).
    30,
    async (client) => {
      const account = signInAccounts[client]!;
      await (
        await expectStatus(post('auth.signIn', { email: account.email, password: PASSWORD, delivery: 'body' }), 200, 'signIn')
      ).text();
    },
    SIGN_IN_CLIENTS,
  );
  return rows;
}

/**
 * After a bulk load PostgreSQL's autovacuum and checkpoints run for minutes, and on two cores
 * they slowed even the no-database floor by half: do that maintenance now, before measuring.
 */
function settle(): void {
  const failed = runPsql(`postgres://tasklane@127.0.0.1:${PORTS.benchPostgres}/postgres`, [
    '-c',
    'VACUUM ANALYZE',
    '-c',
    'CHECKPOINT',
  ]);
  if (failed) throw new Error(`VACUUM ANALYZE failed: ${failed}`);
}

// --- main ---------------------------------------------------------------------------------

ensureBuild();
const database = await startThrowawayDb({ ferretPort: PORTS.benchFerretDb, postgresPort: PORTS.benchPostgres, dbName: 'bench' });
let server: ChildProcess | undefined;
// Interrupted: take the server and the database down too, not leave them for the next run.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server?.kill('SIGTERM');
    void database.stop().finally(() => process.exit(130));
  });
}
try {
  await applyContract(database.url, { quiet: true });
  const config = parseConfig({ ...env, DATABASE_URL: database.url });
  const db = createDatabase(database.url);
  const deps = createDeps(config, db, { log: createLogger(() => undefined) });

  const passwordHash = await hashPassword(deps, PASSWORD);
  // One hash: the median of several compares, so the ceiling does not move with one slow sample.
  const oneHashMs = (
    await load(1, 7, async () => {
      await bcrypt.compare('x', passwordHash.slice(6));
    })
  ).p50;
  const ceiling = availableParallelism() / (oneHashMs / 1000);
  // The same hashes on every core at once, with nothing else running: what this machine really
  // allows (on a 2-core VM, 95% to 100% of the ceiling across runs), so the share above can be
  // read against it.
  const bareRate = (
    await load(availableParallelism(), 10, async () => {
      await bcrypt.compare('x', passwordHash.slice(6));
    })
  ).perSecond;

  const [measured] = await createAccounts(deps, 'measured', 1, passwordHash);
  const signInAccounts = await createAccounts(deps, 'signin', SIGN_IN_CLIENTS, passwordHash);
  await seedList(deps, measured!.organisationId, measured!.userId, 10_000, (n) => ({
    title: `Task ${n}`,
    createdAt: addSeconds(deps.clock(), -n),
  }));
  const sessionOf = async (account: Account) =>
    createSession(deps, { _id: account.userId, email: account.email }, { ip: '10.0.0.2', userAgent: 'bench' });
  const newChains = async () =>
    Promise.all(Array.from({ length: CLIENTS }, async () => (await sessionOf(measured!)).refreshToken));

  console.log(
    `\nnpm run bench: ${availableParallelism()} cores, bcrypt cost 12 (one hash ${oneHashMs.toFixed(0)} ms), ${new Date().toISOString()}`,
  );
  console.log(`sign-in ceiling (cores / one hash): ${ceiling.toFixed(1)} sign-ins/s`);
  console.log(
    `bare hashing (one hash per core at once, nothing else): ${bareRate.toFixed(1)}/s = ${((bareRate / ceiling) * 100).toFixed(0)}% of the ceiling\n`,
  );

  settle();
  server = await startServer(database.url);
  console.log('Fresh database (10,000 tasks in the measured organisation):');
  const fresh = await measure(
    (await sessionOf(measured!)).accessToken,
    measured!.organisationId,
    await newChains(),
    signInAccounts,
  );
  await stopServer(server);

  const seededOrganisation = await seedHistory(deps, measured!.userId, passwordHash);
  // A deployment sweeps expired documents when an instance starts and every 10 minutes (one
  // instance per period): sweep the seeded history here, timed, so that the measurement below
  // neither waits on nor runs beside it.
  const backlogStarted = performance.now();
  await sweepExpired(deps, deps.clock());
  const backlogSeconds = (performance.now() - backlogStarted) / 1000;
  settle();
  server = await startServer(database.url);
  console.log('\nSeeded database (5,000 users and sessions, 100,000 rotations, 100,000 expired limit events, 100,000 tasks):');
  const seeded = await measure(
    (await sessionOf(measured!)).accessToken,
    measured!.organisationId,
    await newChains(),
    signInAccounts,
  );

  console.log('\nWhere the time goes on FerretDB (raw driver, seeded database, p50 of 30):');
  const someSession = await db.mongo.collection('sessions').findOne({}, { projection: { _id: 1 } });
  const profile = async (label: string, fn: () => Promise<unknown>) => {
    const sorted = (await load(1, 30, async () => void (await fn()))).p50;
    console.log(`  ${label.padEnd(62)} ${sorted.toFixed(1)} ms`);
  };
  await profile('one read by _id, sessions (5,000 live)', () =>
    db.mongo.collection('sessions').findOne({ _id: someSession!._id }),
  );
  await profile('one read by _id, users (5,000)', () =>
    db.mongo.collection('users').findOne({ _id: new ObjectId(measured!.userId) }),
  );
  const organisationId = new ObjectId(measured!.organisationId);
  const topRun = (await db.mongo.collection('tasks').findOne({ organisationId, title: 'Task 0' }))!['listRun'] as string;
  await profile('one run of a list by its key (100 of 100,000)', () =>
    db.mongo.collection('tasks').find({ listRun: topRun }).toArray(),
  );
  await profile('the same run as $and of two fields (what where({a, b}) sends)', () =>
    db.mongo
      .collection('tasks')
      .aggregate([{ $match: { $and: [{ organisationId }, { listRun: topRun }] } }])
      .toArray(),
  );
  console.log(
    `  ${'one sweep of the 100,000 expired limit events'.padEnd(62)} ${backlogSeconds.toFixed(0)} s, in the background`,
  );
  const sweepStarted = performance.now();
  await sweepExpired(deps, deps.clock());
  console.log(
    `  ${'one sweep with nothing expired (every expiring collection)'.padEnd(62)} ${(performance.now() - sweepStarted).toFixed(0)} ms, once per ${SWEEP_PERIOD_MS / 60_000} min per deployment`,
  );
  await profile('whole-organisation sort, first 51 (10,000 of 100,000)', () =>
    db.mongo.collection('tasks').find({ organisationId }).sort({ createdAt: -1 }).limit(51).toArray(),
  );
  await profile('whole-organisation sort, first 51 (909 tasks)', () =>
    db.mongo
      .collection('tasks')
      .find({ organisationId: new ObjectId(seededOrganisation) })
      .sort({ createdAt: -1 })
      .limit(51)
      .toArray(),
  );

  const typicalPerson = (await db.mongo
    .collection('users')
    .findOne({ email: 'seeded4000@bench.example' }, { projection: { _id: 1 } }))!;
  await profile('account activity, newest 50 (19 of the account, 100,000 in all)', () =>
    accountActivity(deps, typicalPerson._id.toHexString()),
  );
  await profile('account activity, newest 50 (1,000 of the account)', () => accountActivity(deps, measured!.userId));
  await profile('organisation activity, newest 50 (1,000 of the organisation)', () =>
    organisationActivity(deps, seededOrganisation),
  );
  const exportStarted = performance.now();
  const exported = await exportAccountData(deps, {
    userId: measured!.userId,
    email: measured!.email,
    sessionId: someSession!._id.toHexString(),
  });
  console.log(
    `  ${`"Your data" of the measured account (${exported.tasksCreated.length.toLocaleString('en')} tasks it created)`.padEnd(62)} ${(performance.now() - exportStarted).toFixed(0)} ms, once`,
  );

  console.log('\nGrowth of the one-client p50, fresh -> seeded:');
  for (const [i, row] of seeded.entries()) {
    console.log(
      `  ${row.call.padEnd(22)} ${fresh[i]!.one.p50.toFixed(1)} -> ${row.one.p50.toFixed(1)} ms  (${(row.one.p50 / fresh[i]!.one.p50).toFixed(2)}x)`,
    );
  }
  const floor = seeded[0]!.many.perSecond;
  console.log("\nSeeded, 20 clients, share of the floor's requests/s:");
  for (const row of seeded.slice(1, -1))
    console.log(`  ${row.call.padEnd(22)} ${((row.many.perSecond / floor) * 100).toFixed(0)}%`);
  const signIn = seeded.at(-1)!;
  console.log(
    `  auth.signIn (4 clients) ${signIn.many.perSecond.toFixed(1)} sign-ins/s = ${((signIn.many.perSecond / ceiling) * 100).toFixed(0)}% of the bcrypt ceiling ` +
      `(${((signIn.many.perSecond / bareRate) * 100).toFixed(0)}% of bare hashing)`,
  );
  await db.close();
} finally {
  if (server) await stopServer(server);
  await database.stop();
}
