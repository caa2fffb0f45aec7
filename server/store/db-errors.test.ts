import { MongoBulkWriteError, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './db-errors';

// FerretDB answers code 1 (InternalError) when it has lost PostgreSQL; an insertMany reports it
// per document, as a bulk write error: a 503 either way, never a 500.
type BulkArgs = ConstructorParameters<typeof MongoBulkWriteError>;
// Shaped as the driver builds it from a server reply; the result's contents do not matter here.
const bulk = (codes: number[]) =>
  new MongoBulkWriteError(
    {
      message: 'write errors',
      code: codes[0]!,
      writeErrors: codes.map((code, index) => ({ index, code, errmsg: 'x' })),
    } as unknown as BulkArgs[0],
    {} as BulkArgs[1],
  );

describe('isDatabaseUnavailable', () => {
  it('knows an outage in a single write and in a bulk write', () => {
    expect(isDatabaseUnavailable(new MongoServerError({ message: 'lost PostgreSQL', code: 1 }))).toBe(true);
    expect(isDatabaseUnavailable(bulk([1, 1, 1]))).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: bulk([1]) }))).toBe(true);
  });

  it('leaves a refused document a refused document', () => {
    expect(isDatabaseUnavailable(bulk([11000]))).toBe(false);
    expect(isDatabaseUnavailable(bulk([1, 121]))).toBe(false);
    expect(isDatabaseUnavailable(new MongoServerError({ message: 'validation', code: 121 }))).toBe(false);
  });
});
