// @ts-check
// `npm run build` builds the production bundle and stamps it with a hash of what it was built
// from; `npm start` rebuilds only when that hash no longer matches. A content hash, not file
// times: `npm prune --omit=dev` rewrites package-lock.json (same content, new time), and a
// rebuild then would need the very packages the prune removed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, root, step } from './util.mjs';

const stamp = path.join(root, '.next', 'tasklane-source-hash');
const SOURCES = [
  'app',
  'server',
  'emails',
  'prisma',
  'public',
  'next.config.ts',
  'proxy.ts',
  'instrumentation.ts',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
];
// Tests beside the code are not part of the bundle.
const IGNORED = /\.test\.tsx?$/;

/**
 * Every source file below `entry`, in a stable order.
 * @param {string} entry
 * @returns {string[]}
 */
function files(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return IGNORED.test(entry) ? [] : [entry];
  return readdirSync(full)
    .sort()
    .flatMap((name) => files(path.join(entry, name)));
}

/** A SHA-256 over the path and content of every source the bundle is built from. */
export function sourceHash() {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap(files))
    hash
      .update(`${file}\0`)
      .update(readFileSync(path.join(root, file)))
      .update('\0');
  return hash.digest('hex');
}

/** Runs `next build` and records the sources it was built from. */
export function build() {
  const hash = sourceHash();
  step('Building the production bundle (next build)');
  const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) fail('next build failed (see above).');
  writeFileSync(stamp, hash);
}

/** Builds unless the production bundle was built from exactly the current sources. */
export function ensureBuild() {
  const built = existsSync(stamp) && existsSync(path.join(root, '.next', 'BUILD_ID')) ? readFileSync(stamp, 'utf8') : null;
  if (built === sourceHash()) return;
  build();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build();
