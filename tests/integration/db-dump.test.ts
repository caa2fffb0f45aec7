import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backup, restore } from '@/scripts/db-dump.mjs';
import { createHarness, type Harness } from '../support/harness';
import { member } from '../support/calls';
import { signIn } from '../support/flows';

let h: Harness;
const dir = mkdtempSync(path.join(tmpdir(), 'tasklane-dump-'));
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run db:backup and db:restore', () => {
  it('write the whole database to one file and read it back into an emptied database, types and indexes included', async () => {
    const alice = await member(h, 'backup@example.com');
    const task = await alice.api.task.create({ title: 'Survive a restore', dueDate: '2027-03-04' });
    const file = path.join(dir, 'backup.json');
    const url = h.deps.config.DATABASE_URL;

    expect(await backup(url, file)).toBeGreaterThan(0);
    await h.deps.db.mongo.dropDatabase();
    expect(await h.deps.db.orm.tasks.where({ _id: task.id }).first()).toBeNull();

    await restore(url, file);
    const restored = await h.deps.db.orm.tasks.where({ _id: task.id }).first();
    expect(restored).toMatchObject({ title: 'Survive a restore', organisationId: alice.organisationId });
    expect(restored!.createdAt).toBeInstanceOf(Date);
    expect((await signIn(h, 'backup@example.com')).status).toBe(200);
    const indexes = await h.deps.db.mongo.collection('users').indexes();
    expect(indexes.some((index) => index.unique && 'email' in index.key)).toBe(true);
  });
});
