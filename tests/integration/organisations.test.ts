import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { membersOf, membershipsOf } from '@/server/organisation/membership';
import { createHarness, type Harness } from '../support/harness';
import { expectAppError, joinByInvitation, member, outcome } from '../support/calls';
import { PASSWORD } from '../support/flows';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ RATE_LIMIT_SCALE: '100' });
});
afterAll(() => h.close());

type Person = Awaited<ReturnType<typeof member>>;

/** `email` joins `owner`'s organisation through the emailed link, new to Tasklane. */
const join = (owner: Person, email: string, role: 'admin' | 'member' = 'member') => joinByInvitation(h, owner, email, role);

describe('several organisations per person', () => {
  it('creates an organisation owned by its creator, alongside the first', async () => {
    const ann = await member(h, 'ann@home.example');
    const household = await ann.api.organisation.create({ name: '  Household ' });
    expect(household.name).toBe('Household');
    expect((await ann.api.auth.me()).organisations.map((o) => [o.name, o.role])).toEqual([
      ["ann's organisation", 'owner'],
      ['Household', 'owner'],
    ]);
    const inHousehold = await h.caller(ann.accessToken, { organisationId: household.id });
    await inHousehold.task.create({ title: 'Buy bread' });
    expect((await ann.api.task.list()).tasks).toEqual([]);
    expect((await inHousehold.task.list()).tasks.map((t) => t.title)).toEqual(['Buy bread']);
  });

  it('renames (owners and admins only) and emails nothing for it', async () => {
    const owner = await member(h, 'owner@rename.example');
    const plain = await join(owner, 'plain@rename.example');
    await expectAppError(plain.api.organisation.rename({ name: 'Mine now' }), 'FORBIDDEN');
    expect(await owner.api.organisation.rename({ name: 'Renamed' })).toEqual({ ok: true });
    expect((await owner.api.auth.me()).organisations[0]?.name).toBe('Renamed');
  });

  it('transfers ownership to a member, who is told by email; the old owner stays as admin', async () => {
    const owner = await member(h, 'owner@transfer.example');
    const heir = await join(owner, 'heir@transfer.example');
    const since = Date.now();
    await expectAppError(heir.api.organisation.transferOwnership({ userId: owner.userId, password: PASSWORD }), 'FORBIDDEN');
    // A stolen owner session is not enough: the password is asked again.
    await expectAppError(owner.api.organisation.transferOwnership({ userId: heir.userId, password: 'not it' }), 'WRONG_PASSWORD');
    expect(await owner.api.organisation.transferOwnership({ userId: heir.userId, password: PASSWORD })).toEqual({ ok: true });
    const roles = Object.fromEntries((await membersOf(h.deps, owner.organisationId)).map((m) => [m.userId, m.role]));
    expect(roles).toEqual({ [owner.userId]: 'admin', [heir.userId]: 'owner' });
    await h.mail.waitFor('heir@transfer.example', { since, subject: /you now own/i });
  });

  it('never has zero owners while 20 transfers and removals race (every moment watched, 5 rounds)', async () => {
    for (let round = 0; round < 5; round++) {
      const owner = await member(h, `owner${round}@race.example`);
      const people = [];
      for (let i = 0; i < 4; i++) people.push(await join(owner, `p${i}-${round}@race.example`, 'admin'));
      const everyone = [{ userId: owner.userId, api: owner.api }, ...people];
      let watching = true;
      let lowest = Infinity;
      const watcher = (async () => {
        while (watching) {
          const owners = (await membersOf(h.deps, owner.organisationId)).filter((m) => m.role === 'owner').length;
          lowest = Math.min(lowest, owners);
        }
      })();
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const actor = everyone[i % everyone.length]!;
          const target = everyone[(i * 3 + round + 1) % everyone.length]!;
          return i % 4 === 3
            ? outcome(actor.api.organisation.removeMember({ userId: target.userId }))
            : outcome(actor.api.organisation.transferOwnership({ userId: target.userId, password: PASSWORD }));
        }),
      );
      watching = false;
      await watcher;
      expect(outcomes.filter((o) => o === 'ok').length, `round ${round}`).toBeGreaterThan(0);
      expect(
        outcomes.filter((o) => !['ok', 'FORBIDDEN', 'NOT_FOUND', 'LAST_OWNER', 'BUSY'].includes(o)),
        `round ${round}`,
      ).toEqual([]);
      expect(lowest, `round ${round}`).toBeGreaterThanOrEqual(1);
    }
  }, 180_000);

  it('lets any member but the last owner leave, keeping their account and other organisations', async () => {
    const owner = await member(h, 'owner@leave.example');
    const leaver = await join(owner, 'leaver@leave.example');
    await expectAppError(owner.api.organisation.leave(), 'LAST_OWNER');
    expect(await leaver.api.organisation.leave()).toEqual({ ok: true });
    await expectAppError(leaver.api.task.list(), 'NOT_FOUND');
    expect(await membershipsOf(h.deps, leaver.userId)).toEqual([]);
    expect((await leaver.api.auth.me()).organisations).toEqual([]);
  });

  it('deletes an organisation (owner, typed name): tasks, invitations and memberships go, members are emailed', async () => {
    const owner = await member(h, 'owner@delete.example');
    const other = await join(owner, 'other@delete.example', 'admin');
    await owner.api.task.create({ title: 'Doomed' });
    await expectAppError(
      other.api.organisation.delete({ confirmation: "owner's organisation", password: PASSWORD }),
      'FORBIDDEN',
    );
    await expectAppError(
      owner.api.organisation.delete({ confirmation: 'wrong name', password: PASSWORD }),
      'CONFIRMATION_MISMATCH',
    );
    const since = Date.now();
    await expectAppError(
      owner.api.organisation.delete({ confirmation: "owner's organisation", password: 'not it' }),
      'WRONG_PASSWORD',
    );
    expect(await owner.api.organisation.delete({ confirmation: "owner's organisation", password: PASSWORD })).toEqual({
      ok: true,
    });
    expect(await h.deps.db.orm.organisations.where({ _id: owner.organisationId }).first()).toBeNull();
    expect(await h.deps.db.orm.tasks.where({ organisationId: owner.organisationId }).all()).toEqual([]);
    expect(await membersOf(h.deps, owner.organisationId)).toEqual([]);
    await h.mail.waitFor('other@delete.example', { since, subject: /was deleted/i });
    // Accounts stay: both can still sign in and create a new organisation.
    expect((await owner.api.auth.me()).organisations).toEqual([]);
  });

  it('emails a member whose role changed or who was removed', async () => {
    const owner = await member(h, 'owner@notice.example');
    const someone = await join(owner, 'someone@notice.example');
    const since = Date.now();
    await owner.api.organisation.changeRole({ userId: someone.userId, role: 'admin' });
    await h.mail.waitFor('someone@notice.example', { since, subject: /you are now admin/i });
    await owner.api.organisation.removeMember({ userId: someone.userId });
    await h.mail.waitFor('someone@notice.example', { since, subject: /removed from/i });
  });
});
