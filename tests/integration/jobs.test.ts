import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseAccountJob, eraseOrganisationJob } from '@/server/account/erase';
import { isAppErrorCode } from '@/server/errors';
import { finishJobs } from '@/server/jobs/finish';
import { withLock } from '@/server/store/locks';
import type { JobDeps } from '@/server/jobs/run';
import { removeMemberJob } from '@/server/organisation/member-removal';
import { membershipsOf } from '@/server/organisation/membership';
import { listOrderKey } from '@/server/store/task-runs.mjs';
import { deleteListJob } from '@/server/tasks/lists';
import { createHarness, type Harness } from '../support/harness';
import { joinByInvitation, member } from '../support/calls';
import { PASSWORD, personIp, signIn, tokenFromLink } from '../support/flows';

// Removals that span collections run as jobs of numbered steps (server/jobs/run.ts). Each test
// stops the run after one step, as a crash would, lets the housekeeping's finishJobs complete
// it, and checks that nothing of what was removed is left, for every step of every job.

let h: Harness;
let deps: JobDeps;
beforeAll(async () => {
  h = await createHarness();
  deps = h.deps as JobDeps;
});
afterAll(() => h.close());

class Crash extends Error {}

/** Runs `work`, stopped right after `kind`'s step `step` is recorded; then the housekeeping finishes the job. */
async function crashThenFinish(kind: string, step: number, work: () => Promise<unknown>): Promise<void> {
  deps.afterJobStep = (k, s) => {
    if (k === kind && s === step) throw new Crash(`stopped after ${kind} step ${step}`);
  };
  try {
    await expect(work()).rejects.toThrow();
  } finally {
    deps.afterJobStep = undefined;
  }
  expect(await h.deps.db.orm.jobs.select('_id').all(), 'the job waits for the housekeeping').not.toHaveLength(0);
  expect(await finishJobs(deps)).toBeGreaterThan(0);
  expect(await h.deps.db.orm.jobs.select('_id', 'kind').all()).toEqual([]);
}

type Member = Awaited<ReturnType<typeof member>>;
let people = 0;
const nextEmail = (role: string) => `${role}-${++people}@jobs.example`;

const join = (owner: Member, email: string, role: 'admin' | 'member' = 'member') => joinByInvitation(h, owner, email, role);

/** Every document of every collection that names `id` in one of `fields`. */
async function leftovers(
  id: string,
  fields: string[],
  except: (name: string, doc: Record<string, unknown>) => boolean = () => false,
) {
  const found: string[] = [];
  const oid = new ObjectId(id);
  for (const { name } of await h.deps.db.mongo.listCollections({}, { nameOnly: true }).toArray()) {
    for (const field of fields) {
      for (const doc of await h.deps.db.mongo
        .collection(name)
        .find({ [field]: { $in: [oid, id] } })
        .toArray()) {
        if (!except(name, doc)) found.push(`${name}.${field} ${String(doc['_id'])}`);
      }
    }
  }
  const byId = await Promise.all(
    ['users', 'organisations'].map((name) => h.deps.db.mongo.collection(name).findOne({ _id: oid })),
  );
  return [...found, ...byId.flatMap((doc, n) => (doc ? [`${n ? 'organisations' : 'users'} ${id}`] : []))];
}

describe('account erasure, stopped after each step', () => {
  for (let step = 0; step < eraseAccountJob.steps.length; step++) {
    it(`is finished by the housekeeping after step ${step}, with nothing of the account left`, async () => {
      // Alone in their own organisation (erased with them), a member of another (told once),
      // with tasks, an invitation sent, sessions and security activity.
      const other = await member(h, nextEmail('other'));
      const person = await member(h, nextEmail('person'));
      const email = (await h.deps.db.orm.users.where({ _id: person.userId }).select('email').first())!.email;
      const invited = Date.now();
      await other.api.organisation.invite({ email, role: 'member' });
      const invitation = await h.mail.waitFor(email, { since: invited, subject: /invited you/ });
      const token = tokenFromLink(invitation.links.find((l) => l.includes('/join?token='))!);
      expect((await person.api.organisation.acceptInvitation({ token })).kind).toBe('joined');
      await person.api.task.create({ title: 'mine' });
      await person.api.organisation.invite({ email: nextEmail('invitee'), role: 'member' });
      const own = person.organisationId;
      const since = Date.now();

      await crashThenFinish('erase-account', step, () =>
        person.api.account.deleteAccount({ password: PASSWORD, confirmation: 'delete my account' }),
      );

      // Organisation events that name the person stay with the team that keeps them.
      const teamEvent = (name: string, doc: Record<string, unknown>) => name === 'auditEvents' && doc['organisationId'] !== null;
      expect(await leftovers(person.userId, ['userId', 'invitedBy'], teamEvent)).toEqual([]);
      expect(await leftovers(own, ['organisationId'])).toEqual([]);
      expect(await h.mail.waitFor(email, { since, subject: /deleted/i })).toBeTruthy();
      // The account is gone for good: its access token and password open nothing.
      await expect(person.api.auth.me()).rejects.toThrow();
      expect((await signIn(h, email, PASSWORD, personIp(email))).status).toBe(401);
      // The other team keeps its owner, and is told exactly once, whichever step the run stopped after.
      expect(await membershipsOf(h.deps, other.userId)).toHaveLength(1);
      const told = await h.deps.db.mongo
        .collection('auditEvents')
        .find({ type: 'account.deleted', organisationId: new ObjectId(other.organisationId), actorEmail: email })
        .toArray();
      expect(told).toHaveLength(1);
    });
  }
});

describe('organisation deletion, stopped after each step', () => {
  for (let step = 0; step < eraseOrganisationJob.steps.length; step++) {
    it(`is finished by the housekeeping after step ${step}, with nothing of the organisation left`, async () => {
      const owner = await member(h, nextEmail('owner'));
      const teammate = await join(owner, nextEmail('teammate'));
      const teammateEmail = (await h.deps.db.orm.users.where({ _id: teammate.userId }).select('email').first())!.email;
      for (let n = 0; n < 3; n++) await owner.api.task.create({ title: `task ${n}` });
      await owner.api.organisation.invite({ email: nextEmail('pending'), role: 'member' });
      const name = (await h.deps.db.orm.organisations.where({ _id: owner.organisationId }).select('name').first())!.name;
      const since = Date.now();

      await crashThenFinish('erase-organisation', step, () =>
        owner.api.organisation.delete({ confirmation: name, password: PASSWORD }),
      );

      expect(await leftovers(owner.organisationId, ['organisationId'])).toEqual([]);
      expect(await h.mail.waitFor(teammateEmail, { since, subject: /deleted/i })).toBeTruthy();
      // The people stay, in no organisation any more.
      expect(await membershipsOf(h.deps, teammate.userId)).toEqual([]);
      expect(await h.deps.db.orm.users.where({ _id: owner.userId }).select('_id').first()).not.toBeNull();
    });
  }
});

describe('member removal, stopped after each step', () => {
  for (let step = 0; step < removeMemberJob.steps.length; step++) {
    it(`is finished by the housekeeping after step ${step}: membership, their invitations there, one record, one email`, async () => {
      const owner = await member(h, nextEmail('owner'));
      const removed = await join(owner, nextEmail('removed'), 'admin');
      const removedEmail = (await h.deps.db.orm.users.where({ _id: removed.userId }).select('email').first())!.email;
      await removed.api.organisation.invite({ email: nextEmail('their-invitee'), role: 'member' });
      expect(await h.deps.db.orm.invitations.where({ invitedBy: removed.userId }).select('_id').all()).toHaveLength(1);
      const since = Date.now();

      await crashThenFinish('remove-member', step, () => owner.api.organisation.removeMember({ userId: removed.userId }));

      expect(await membershipsOf(h.deps, removed.userId)).toEqual([]);
      expect(await h.deps.db.orm.invitations.where({ invitedBy: removed.userId }).select('_id').all()).toEqual([]);
      const records = await h.deps.db.mongo
        .collection('auditEvents')
        .find({ type: 'member.removed', organisationId: new ObjectId(owner.organisationId) })
        .toArray();
      expect(records).toHaveLength(1);
      expect(await h.mail.waitFor(removedEmail, { since, subject: /removed/i })).toBeTruthy();
      // Their account stays.
      expect(await h.deps.db.orm.users.where({ _id: removed.userId }).select('_id').first()).not.toBeNull();
    });
  }
});

describe('list deletion, stopped after each step', () => {
  for (let step = 0; step < deleteListJob.steps.length; step++) {
    it(`is finished by the housekeeping after step ${step}: the list, its order and its tasks gone, the others kept`, async () => {
      const owner = await member(h, nextEmail('owner'));
      const list = await owner.api.list.create({ name: 'Doomed' });
      for (let n = 0; n < 3; n++) await owner.api.task.create({ listId: list.id, title: `task ${n}` });
      const kept = await owner.api.task.create({ title: 'in the first list' });

      await crashThenFinish('delete-list', step, () => owner.api.list.delete({ id: list.id, confirmName: 'Doomed' }));

      expect(await leftovers(list.id, ['listId', '_id'])).toEqual([]);
      expect(await h.deps.db.orm.taskOrders.where({ key: listOrderKey(list.id) }).first()).toBeNull();
      expect((await owner.api.list.all()).map((l) => l.name)).toEqual(['Tasks']);
      expect((await owner.api.task.list()).tasks.map((t) => t.id)).toEqual([kept.id]);
    });
  }
});

describe('a lock held across long work', () => {
  it('is renewed while the work runs, so nobody breaks it as expired', async () => {
    const key = `long-work:${new ObjectId()}`;
    let competitor: string | undefined;
    await withLock(h.deps, key, async () => {
      h.advance(8_000);
      await new Promise((resolve) => setTimeout(resolve, 3_000)); // a renewal tick (every 2.5 s) passes
      h.advance(8_000); // 16 s after it was taken: past the first expiry (10 s), inside the renewed one
      competitor = await withLock(h.deps, key, async () => 'taken', { wait: false }).catch((error: unknown) =>
        isAppErrorCode(error, 'BUSY') ? 'BUSY' : String(error),
      );
    });
    expect(competitor).toBe('BUSY');
    // Released at the end: the next holder takes it at once.
    expect(await withLock(h.deps, key, async () => 'taken', { wait: false })).toBe('taken');
  });
});
