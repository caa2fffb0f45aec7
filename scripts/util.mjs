// @ts-check
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @param {string} message */
export function step(message) {
  console.log(`\x1b[36m▸\x1b[0m ${message}`);
}

/**
 * Ends the script with a plain message instead of a stack trace.
 * @param {string} message
 * @returns {never}
 */
export function fail(message) {
  console.error(`\x1b[31m✖\x1b[0m ${message}`);
  process.exit(1);
}
