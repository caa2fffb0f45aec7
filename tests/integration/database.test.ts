import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('Prisma 8 on FerretDB', () => {
  it('writes and reads a document through the ORM', async () => {
    const org = await h.deps.db.orm.organisations.create({ name: 'Acme' });
    const read = await h.deps.db.orm.organisations.where({ _id: org._id }).first();
    expect(read?.name).toBe('Acme');
    expect(read?.createdAt).toBeInstanceOf(Date);
  });

  it('enforces the unique email index the contract declares', async () => {
    const org = await h.deps.db.orm.organisations.create({ name: 'Uniq' });
    const user = { email: 'dup@example.com', passwordHash: null, verified: false, organisationId: org._id, role: 'owner' };
    await h.deps.db.orm.users.create(user);
    await expect(h.deps.db.orm.users.create(user)).rejects.toThrow(/duplicate key/i);
  });

  it('answers the health procedure over the real route handler', async () => {
    const reply = await h.http('health.check', { method: 'GET' });
    expect(reply.status).toBe(200);
    expect(reply.body.result?.data).toMatchObject({ status: 'ok', database: { engine: 'FerretDB' } });
  });
});
