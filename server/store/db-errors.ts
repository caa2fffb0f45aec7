/** True for a unique-index violation (E11000), however the driver or the ORM wrapped it. */
export function isDuplicateKey(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as Error & { code?: unknown }).code === 11000 || /E11000|duplicate key/i.test(e.message)) return true;
  }
  return false;
}

// Errors that say the database is away rather than that the request was wrong: the driver
// found no server or lost its connection, or FerretDB lost PostgreSQL (it answers code 1,
// InternalError, naming the PostgreSQL failure). The driver reconnects by itself.
const UNAVAILABLE_NAMES = new Set(['MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError']);
const UNAVAILABLE_CODES = new Set([1, 6, 7, 89, 91, 189, 10107, 11600, 11602, 13435, 13436]);

/** True when the database cannot be reached or cannot serve right now: a 503, not a 500. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (UNAVAILABLE_NAMES.has(e.name)) return true;
    const code = (e as Error & { code?: unknown }).code;
    if (e.name === 'MongoServerError' && typeof code === 'number' && UNAVAILABLE_CODES.has(code)) return true;
    // An insertMany of many documents (the words index) reports each refused one as a write error.
    if (e.name === 'MongoBulkWriteError') {
      const codes = [code, ...((e as Error & { writeErrors?: { code?: unknown }[] }).writeErrors ?? []).map((w) => w.code)];
      const known = codes.filter((c): c is number => typeof c === 'number');
      if (known.length > 0 && known.every((c) => UNAVAILABLE_CODES.has(c))) return true;
    }
  }
  return false;
}
