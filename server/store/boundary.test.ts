import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// `npm run lint` keeps FerretDB's needs behind server/store/ (eslint.config.mjs): a filter of
// several fields, or $and/$or, anywhere else in the server or the app is refused.
const root = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

const SOURCE = `import type { Database } from '@/prisma/db';
export async function probe(db: Database, a: string, b: string) {
  await db.orm.memberships.where({ userId: a, organisationId: b }).first();
  await db.mongo.collection('tasks').find({ organisationId: a, done: false }).toArray();
  await db.mongo.collection('tasks').deleteMany({ $or: [{ a }, { b }] });
  await db.orm.memberships.where({ userId: a }).first();
}
`;

async function refusals(file: string): Promise<number[]> {
  const [result] = await eslint.lintText(SOURCE, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line);
}

describe('the store boundary', () => {
  it('refuses a filter of several fields, $and or $or in a service, and allows one field', async () => {
    expect(await refusals('server/tasks/probe.ts')).toEqual([3, 4, 5]);
    expect(await refusals('app/(app)/probe.ts')).toEqual([3, 4, 5]);
  }, 60_000);

  it('lets server/store/ hold what the embedded database needs', async () => {
    expect(await refusals('server/store/probe.ts')).toEqual([]);
  }, 60_000);
});
