// @ts-check
// Imported first by `npm start` and `npm test`: under an older Node they stop at once, saying what to run.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `\x1b[31m✖\x1b[0m Tasklane runs on Node.js 24 (this is ${process.versions.node}): run \`. scripts/node.sh\` in this shell (it fetches Node 24 into .tools/ when needed), then \`npm ci\` and this command again.`,
  );
  process.exit(1);
}
