// `npm test`: static checks, unit and integration tests (vitest) against a fresh FerretDB and
// a real SMTP server, then the Playwright journeys in Debian Chromium against the production
// build. Ends with one summary line: "N passed, N failed".
import './lib/node-version.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureBuild } from './build.mjs';
import { applyContract } from './db-apply.mjs';
import { startEmbeddedDb } from './embedded-db.mjs';
import { stopLeftover } from './postgres.mjs';
import { portOf } from './lib/topology.mjs';
import { fail, root, step } from './util.mjs';
import { checkRecordedWrites, formatViolation } from '../tests/support/contract-check';
import { BESIDE } from '../vitest.config';

type Suite = 'static' | 'unit' | 'integration' | 'e2e';
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? (process.argv[onlyIndex + 1] as Suite) : undefined;
const wanted = (suite: Suite) => !only || only === suite;
// `npm test -- --only e2e e2e/passkeys.spec.ts`: only those journeys (while working on them).
const specs = process.argv.slice(2).filter((arg) => arg.endsWith('.spec.ts'));

const reports = path.join(root, '.data', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
if (wanted('e2e') && !existsSync(chromium)) {
  fail(`Chromium was not found at ${chromium}. Install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
}

function run(command: string, args: string[], env: Record<string, string> = {}): boolean {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } }).status === 0;
}

/** Runs a command without blocking this process, its output into `logFile`; resolves to whether it passed. */
function runInBackground(command: string, args: string[], env: Record<string, string>, logFile: string): Promise<boolean> {
  const log = openSync(logFile, 'w');
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', log, log], env: { ...process.env, ...env } });
  process.once('exit', () => child.kill()); // a failed build ends the run: nothing is left behind
  return new Promise((resolve) => child.once('exit', (code) => resolve(code === 0)));
}

interface VitestReport {
  testResults?: { name: string; startTime: number; endTime: number }[];
}

/** Where the time went: the slowest test files of the Vitest runs. */
function slowest(reports: (VitestReport | null)[]): void {
  const files = reports
    .flatMap((r) => r?.testResults ?? [])
    .map((f) => ({ seconds: (f.endTime - f.startTime) / 1000, name: path.relative(root, f.name) }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 8);
  console.log(`Slowest test files: ${files.map((f) => `${f.name} ${f.seconds.toFixed(0)} s`).join(', ')}`);
}

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const tallies: Record<string, Tally> = {};
let ok = true;

// The static checks run beside the build and the tests (they wait on nothing those use); their
// output is printed once they are done, before the summary.
const staticLog = path.join(reports, 'static.log');
const staticChecks = wanted('static')
  ? runInBackground(
      'bash',
      [
        '-c',
        // Every check runs even when one fails, so that one run shows every problem.
        'status=0; for check in "npx tsc --noEmit" "npm run --silent check:cycles" "npx eslint . --max-warnings=0" ' +
          '"npx prettier --check . --log-level=warn"; do $check || status=1; done; exit $status',
      ],
      {},
      staticLog,
    )
  : undefined;
async function reportStaticChecks(): Promise<void> {
  if (!staticChecks) return;
  const passed = await staticChecks;
  step('Static checks: tsc, eslint, prettier, import cycles (type imports included), beside the rest');
  process.stdout.write(readFileSync(staticLog, 'utf8'));
  if (!passed) {
    console.error('Static checks failed.');
    ok = false;
  }
}

// The integration suite starts the production server too (tests/integration/front-server.test.ts).
// Built before the database starts: a failed build ends the run and must leave nothing running.
if (wanted('integration') || wanted('e2e')) ensureBuild();

// A fresh embedded database per run, FerretDB on PostgreSQL. The cluster lives in the system's
// temporary folder (one per checkout), which the postgres user can reach wherever CI clones us.
const dataDir = path.join(tmpdir(), `tasklane-test-${createHash('sha256').update(root).digest('hex').slice(0, 8)}`, 'postgres');
if (wanted('integration') || wanted('e2e')) stopLeftover(dataDir);
rmSync(dataDir, { recursive: true, force: true });
const ferret =
  wanted('integration') || wanted('e2e')
    ? await startEmbeddedDb({
        dataDir,
        ferretPort: portOf('testFerretDb', 'TEST_FERRETDB_PORT'),
        postgresPort: portOf('testPostgres', 'TEST_POSTGRES_PORT'),
        dbName: 'tests',
        durable: false,
        recordWrites: true,
      })
    : undefined;

const vitestRuns: { file: string }[] = [];
let finishModel: (() => Promise<void>) | undefined;
try {
  const projects = (['unit', 'integration'] as const).filter(wanted);
  if (projects.length > 0) {
    const env = { TEST_DATABASE_URL: ferret?.url ?? '', TEST_POSTGRES_URL: ferret?.postgresUrl ?? '' };
    const vitest = (name: string, projectNames: string[]) => {
      const file = path.join(reports, `${name}.json`);
      const args = [
        'vitest',
        'run',
        ...projectNames.flatMap((p) => ['--project', p]),
        '--reporter=default',
        '--reporter=json',
        `--outputFile=${file}`,
      ];
      return { file, args };
    };
    // Groups of files that wait more than they compute run each in a Vitest of their own beside
    // the rest (vitest.config.ts), their output kept in a file and printed after, so that no log
    // is interleaved. The journeys start once all but the model's group are done.
    const beside = wanted('integration')
      ? Object.keys(BESIDE).map((name) => {
          const run = vitest(`vitest-${name}`, [name]);
          const log = path.join(reports, `vitest-${name}.log`);
          // The model's sequences need no deadline: at the lowest priority they take the CPU the
          // other groups leave, and finish before the journeys do (CI is CPU-bound on 2 cores).
          const [command, args]: [string, string[]] =
            name === 'integration-model' ? ['nice', ['-n', '19', 'npx', ...run.args]] : ['npx', run.args];
          return { name, ...run, log, done: runInBackground(command, args, env, log) };
        })
      : [];
    const main = vitest('vitest', projects);
    step(
      `Vitest: ${projects.join(' + ')}${beside.length ? `, with ${beside.map((b) => b.name).join(' and ')} beside them` : ''}`,
    );
    ok = run('npx', main.args, env) && ok;
    const finish = async (group: (typeof beside)[number]) => {
      ok = (await group.done) && ok;
      step(`Vitest: ${group.name} (ran beside)`);
      process.stdout.write(readFileSync(group.log, 'utf8'));
    };
    for (const group of beside.filter((b) => b.name !== 'integration-model')) await finish(group);
    vitestRuns.push(main, ...beside);
    const model = beside.find((b) => b.name === 'integration-model');
    if (model) finishModel = () => finish(model);
  }

  if (wanted('e2e')) {
    step('Playwright: end-to-end journeys in Chromium');
    const file = path.join(reports, 'playwright.json');
    // The journeys' servers rely on the contract's unique indexes (single-use claims, rotation) like any other.
    const e2eDatabase = ferret!.url.replace(/\/tests$/, '/e2e');
    await applyContract(e2eDatabase, { quiet: true });
    ok =
      run('npx', ['playwright', 'test', ...specs], {
        E2E_DATABASE_URL: e2eDatabase,
        PLAYWRIGHT_JSON_OUTPUT_NAME: file,
      }) && ok;
    const stats = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).stats : null;
    tallies['playwright'] = {
      passed: stats?.expected ?? 0,
      failed: stats ? stats.unexpected + stats.flaky : 1,
      skipped: stats?.skipped ?? 0,
    };
  }

  await finishModel?.();
  if (vitestRuns.length > 0) {
    const reportsRead = vitestRuns.map(({ file }) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null));
    tallies['vitest'] = reportsRead.reduce(
      (sum: Tally, report) => ({
        passed: sum.passed + (report?.numPassedTests ?? 0),
        // A failed test also fails its describe blocks and its file: count suites only when a
        // file failed before any test ran (an import error, a failing beforeAll).
        failed: sum.failed + (report ? report.numFailedTests || (report.numFailedTestSuites ?? 0) : 1),
        skipped: sum.skipped + (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0),
      }),
      { passed: 0, failed: 0, skipped: 0 },
    );
    slowest(reportsRead);
  }

  await reportStaticChecks();
  if (ferret) {
    // Every document the run wrote, against the validators MongoDB would enforce (FerretDB does not).
    const result = checkRecordedWrites(ferret.postgresUrl);
    const undeclared = Object.keys(result.undeclared).length;
    step(
      `Contract validators: ${result.checked} writes checked, ${result.violations.length} violation(s)` +
        (undeclared ? `; ${undeclared} collection(s) outside the contract (MongoDB validates none there either)` : ''),
    );
    for (const violation of result.violations) console.error(`\x1b[31m✖\x1b[0m ${formatViolation(violation)}`);
    if (result.violations.length > 0) ok = false;
  }
} finally {
  await ferret?.stop();
}

const total = Object.values(tallies).reduce(
  (a, t) => ({ passed: a.passed + t.passed, failed: a.failed + t.failed, skipped: a.skipped + t.skipped }),
  {
    passed: 0,
    failed: 0,
    skipped: 0,
  },
);
for (const [name, t] of Object.entries(tallies))
  console.log(`${name}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
if (!ok && total.failed === 0) total.failed = 1; // a failed static check or a crashed runner still fails the run
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(ok && total.failed === 0 && total.skipped === 0 ? 0 : 1);
