import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness';
import { unverifiedUser } from '@/server/auth/new-user';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('Prisma 8 on FerretDB', () => {
  it('writes and reads a document through the ORM', async () => {
    const org = await h.deps.db.orm.organisations.create({
      name: 'Acme',
      requireSecondFactor: false,
      timeZone: null,
      searchFrom: null,
    });
    const read = await h.deps.db.orm.organisations.where({ _id: org._id }).first();
    expect(read?.name).toBe('Acme');
    expect(read?.createdAt).toBeInstanceOf(Date);
  });

  it('enforces the unique email index the contract declares', async () => {
    const user = unverifiedUser('dup@example.com');
    await h.deps.db.orm.users.create(user);
    await expect(h.deps.db.orm.users.create(user)).rejects.toThrow(/duplicate key/i);
  });

  it('answers the health procedure over the real route handler', async () => {
    const reply = await h.http('health.check', { method: 'GET' });
    expect(reply.status).toBe(200);
    expect(reply.body.result?.data).toMatchObject({ status: 'ok', database: { engine: 'FerretDB' } });
  });
});

describe('sweepExpired', () => {
  it('deletes expired documents of every expiring collection and keeps live ones', async () => {
    const { sweepExpired } = await import('@/server/auth/sweep');
    const now = new Date();
    const past = new Date(now.getTime() - 1000);
    const future = new Date(now.getTime() + 60_000);
    for (const expiresAt of [past, future]) {
      await h.deps.db.orm.verificationTokens.create({ tokenHash: `v${expiresAt.getTime()}`, email: 'a@example.com', expiresAt });
      await h.deps.db.orm.rateLimitEvents.create({ key: 'k', ipKey: null, expiresAt });
      await h.deps.db.orm.locks.create({ key: `l${expiresAt.getTime()}`, expiresAt });
    }
    await sweepExpired(h.deps, now);
    expect((await h.deps.db.orm.verificationTokens.all()).map((t) => t.expiresAt)).toEqual([future]);
    expect(await h.deps.db.orm.rateLimitEvents.all()).toHaveLength(1);
    expect(await h.deps.db.orm.locks.all()).toHaveLength(1);
  });

  it('runs once per period across instances: of five at once, one sweeps (10 rounds)', async () => {
    const { sweepOncePerPeriod, SWEEP_PERIOD_MS } = await import('@/server/auth/sweep');
    for (let round = 0; round < 10; round++) {
      // Each round in a period of its own, far in the future, so rounds do not see each other's key.
      const at = new Date((Math.floor(Date.now() / SWEEP_PERIOD_MS) + 1000 + round) * SWEEP_PERIOD_MS + 1);
      const instance = { db: h.deps.db, clock: () => at };
      const swept = await Promise.all(Array.from({ length: 5 }, () => sweepOncePerPeriod(instance)));
      expect(swept.filter(Boolean)).toHaveLength(1);
    }
  });
});
