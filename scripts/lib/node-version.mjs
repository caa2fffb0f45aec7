// @ts-check
// Imported first by `npm start` and `npm test`: under an older Node they stop at once, saying what to run.

/**
 * The line to stop with under `version`, or null when it is new enough.
 * @param {string} version process.versions.node
 */
export function olderNodeMessage(version) {
  if (Number(version.split('.')[0]) >= 24) return null;
  return `Tasklane runs on Node.js 24 (this is ${version}): run \`. scripts/node.sh\` in this shell (it fetches Node 24 into .tools/ when needed), then \`npm ci\` and this command again.`;
}

const message = olderNodeMessage(process.versions.node);
if (message) {
  console.error(`\x1b[31m✖\x1b[0m ${message}`);
  process.exit(1);
}
