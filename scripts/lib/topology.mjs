// @ts-check
// Every port this project's processes listen on, in one place. Each can be moved with the
// environment variable named beside it; `npm run email:preview` passes 3001 on its command line.
export const PORTS = Object.freeze({
  /** `npm start`: the app (PORT). */
  app: 3000,
  /** `npm run email:preview`: React Email's preview server. */
  emailPreview: 3001,
  /** `npm start`: the embedded FerretDB (FERRETDB_PORT). */
  ferretDb: 27027,
  /** `npm test`: the FerretDB of the test run (TEST_FERRETDB_PORT). */
  testFerretDb: 27028,
  /** The embedded PostgreSQL clusters under FerretDB: `npm start`'s (POSTGRES_PORT) and `npm test`'s (TEST_POSTGRES_PORT). */
  postgres: 27432,
  testPostgres: 27433,
  /** `npm start`, once: a FerretDB on release one's SQLite folder, to copy its data over. */
  legacyFerretDb: 27026,
  /** `npm test`, end-to-end: the app, and a second instance with short token lifetimes. */
  e2eApp: 3100,
  e2eFastApp: 3101,
  /** `npm test`, end-to-end: the SMTP server that catches mail, and its HTTP view for the journeys. */
  mailSmtp: 2525,
  mailHttp: 2580,
  /** `npm run bench`: the production server it measures, and its embedded database. */
  benchApp: 3200,
  benchFerretDb: 27097,
  benchPostgres: 27497,
  /** The in-process benchmarks' own FerretDB instances and PostgreSQL clusters. */
  benchTasksFerretDb: 27098,
  benchAuthFerretDb: 27099,
  benchTasksPostgres: 27498,
  benchAuthPostgres: 27499,
  /** `npm test`: the database that tests/integration/outage.test.ts stops and starts. */
  outageFerretDb: 27029,
  outagePostgres: 27434,
});

/**
 * The port named `name`, moved by the environment variable `variable` when it is set.
 * @param {keyof typeof PORTS} name
 * @param {string} variable
 */
export function portOf(name, variable) {
  const value = process.env[variable];
  if (!value) return PORTS[name];
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`\x1b[31m✖\x1b[0m ${variable} must be a TCP port (1-65535), not "${value}".`);
    process.exit(1);
  }
  return port;
}
