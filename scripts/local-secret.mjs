// @ts-check
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './util.mjs';

/**
 * A secret generated once per checkout into the git-ignored .data folder, for local use only.
 * @param {'jwt-secret' | 'password-pepper' | 'data-key'} name
 */
export function localSecret(name) {
  const file = path.join(root, '.data', name);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
