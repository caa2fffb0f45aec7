import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fail, root, step } from './util';

const buildId = path.join(root, '.next', 'BUILD_ID');
const sources = ['app', 'server', 'emails', 'prisma', 'public', 'next.config.ts', 'package-lock.json'];

function newest(entry: string): number {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(full).map((name) => newest(path.join(entry, name))));
}

/** Runs `next build` unless the production build is newer than every source file. */
export function ensureBuild(): void {
  if (existsSync(buildId) && Math.max(...sources.map(newest)) <= statSync(buildId).mtimeMs) return;
  step('Building the production bundle (next build)');
  const build = spawnSync('npx', ['next', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) fail('next build failed (see above).');
}
