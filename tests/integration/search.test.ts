import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillList } from '@/server/store/task-seed';
import { runMigrations } from '@/scripts/migrations.mjs';
import { listOrderKey } from '@/server/store/task-runs.mjs';
import { indexNewTask } from '@/server/store/task-search';
import { searchOrder } from '@/server/store/task-words.mjs';
import { createHarness, type Harness } from '../support/harness';
import { everyTask, expectAppError, fieldErrors, joinByInvitation, member } from '../support/calls';
import { PASSWORD } from '../support/flows';

// Issue 22: search within the organisation. Every word typed starts a word of the title or
// notes, accents and case aside; newest first; from a words index the app keeps itself.
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

type Api = Awaited<ReturnType<typeof member>>['api'];
const found = async (api: Api, query: string, limit = 50) =>
  (await everyTask((cursor) => api.task.search({ query, limit, ...(cursor ? { cursor } : {}) }))).map((t) => t.title);
const entriesOf = (task: { id: string; createdAt: Date }) =>
  h.deps.db.mongo.collection('taskWords').countDocuments({ at: searchOrder(task.createdAt, task.id) });
/** The entries of an organisation's tasks (a test's shortcut: the app never scans keys). */
const entriesOfOrganisation = (organisationId: string) => ({ key: { $regex: `^${organisationId}:` } });

describe('search', () => {
  it('matches word starts in the title and notes, whatever the accents and case', async () => {
    const owner = await member(h, 'words@search.example');
    await owner.api.task.create({ title: 'Café réservation', notes: 'Call Zoë about the PDF' });
    await owner.api.task.create({ title: 'Internationalisation review' });
    await owner.api.task.create({ title: 'Unrelated chore' });
    expect(await found(owner.api, 'cafe')).toEqual(['Café réservation']);
    expect(await found(owner.api, 'RÉSERV')).toEqual(['Café réservation']);
    expect(await found(owner.api, 'zoe pdf')).toEqual(['Café réservation']);
    expect(await found(owner.api, 'caf zo')).toEqual(['Café réservation']);
    expect(await found(owner.api, 'afe')).toEqual([]); // not the start of a word
    expect(await found(owner.api, 'cafe chore')).toEqual([]); // every word must match
    // Past the index's 12 letters, the rest of the word is checked on the task.
    expect(await found(owner.api, 'internationalis')).toEqual(['Internationalisation review']);
    expect(await found(owner.api, 'internationalx')).toEqual([]);
    // Notes too long for the entries to carry their words: the task itself is checked.
    const long = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    await owner.api.task.create({ title: 'Long notes', notes: `${long} zanzibar` });
    expect(await found(owner.api, 'zanzibar word119')).toEqual(['Long notes']);
    expect(await found(owner.api, 'zanzibar word120')).toEqual([]);
  });

  it('is newest first and pages with a cursor, nothing lost or repeated while tasks are added', async () => {
    const owner = await member(h, 'paging@search.example');
    for (let i = 0; i < 7; i++) await owner.api.task.create({ title: `Report ${i}` });
    const seen: string[] = [];
    let cursor: string | undefined;
    let added = 0;
    do {
      const page = await owner.api.task.search({ query: 'report', limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.tasks.map((t) => t.title));
      // Newer tasks land above the cursor: this reading does not show them, and skips nothing.
      await owner.api.task.create({ title: `Report late ${added++}` });
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['Report 6', 'Report 5', 'Report 4', 'Report 3', 'Report 2', 'Report 1', 'Report 0']);
    expect((await found(owner.api, 'report late')).length).toBe(added);
  });

  it('follows edits, moves and deletions, and leaves out archived lists', async () => {
    const owner = await member(h, 'edits@search.example');
    const task = await owner.api.task.create({ title: 'Quarterly budget' });
    await owner.api.task.update({ id: task.id, title: 'Annual plan', notes: 'see the spreadsheet' });
    expect(await found(owner.api, 'budget')).toEqual([]);
    expect(await found(owner.api, 'annual spread')).toEqual(['Annual plan']);
    const other = await owner.api.list.create({ name: 'Elsewhere' });
    await owner.api.task.move({ id: task.id, listId: other.id, afterId: null, beforeId: null });
    expect((await owner.api.task.search({ query: 'annual' })).tasks.map((t) => t.listId)).toEqual([other.id]);
    await owner.api.list.archive({ id: other.id, archived: true });
    expect(await found(owner.api, 'annual')).toEqual([]);
    await owner.api.list.archive({ id: other.id, archived: false });
    await owner.api.task.delete({ id: task.id });
    expect(await found(owner.api, 'annual')).toEqual([]);
    expect(await entriesOf(task)).toBe(0);
  });

  it('shows another organisation nothing, and a removed member nothing', async () => {
    const owner = await member(h, 'secret@search.example');
    const mate = await joinByInvitation(h, owner, 'mate@search.example');
    const outsider = await member(h, 'outsider@search.example');
    await owner.api.task.create({ title: 'Confidential merger' });
    expect(await found(mate.api, 'confidential')).toEqual(['Confidential merger']);
    await outsider.api.task.create({ title: 'Confidential own' });
    expect(await found(outsider.api, 'confidential')).toEqual(['Confidential own']);
    await owner.api.organisation.removeMember({ userId: mate.userId });
    await expectAppError(mate.api.task.search({ query: 'confidential' }), 'NOT_FOUND');
  });

  it('refuses a search without a word, or too long, with a clear error', async () => {
    const owner = await member(h, 'input@search.example');
    await expectAppError(owner.api.task.search({ query: '  ' }), 'SEARCH_EMPTY');
    await expectAppError(owner.api.task.search({ query: '!?—' }), 'SEARCH_EMPTY');
    expect(await fieldErrors(owner.api.task.search({ query: 'a'.repeat(201) }))).toEqual({
      query: 'A search has at most 200 characters.',
    });
  });

  it('reads month after month back to the oldest task, and db:apply indexes tasks from before search', async () => {
    const owner = await member(h, 'months@search.example');
    const listId = (await owner.api.list.all())[0]!.id;
    const day = (iso: string) => new Date(`${iso}T12:00:00.000Z`);
    await fillList(h.deps, { organisationId: owner.organisationId, listId, createdBy: owner.userId }, [
      { title: 'Invoice March', createdAt: day('2025-03-10') },
      { title: 'Invoice January', createdAt: day('2025-01-05') },
      { title: 'Invoice old', createdAt: day('2024-06-01') },
    ]);
    const organisations = h.deps.db.mongo.collection('organisations');
    const orgId = new ObjectId(owner.organisationId);
    await organisations.updateOne({ _id: orgId }, { $set: { searchFrom: '2025-01' } });
    await owner.api.task.create({ title: 'Invoice now' });
    expect(await found(owner.api, 'invoice', 1)).toEqual(['Invoice now', 'Invoice March', 'Invoice January']);

    // As release one and lists left them: tasks without entries, an organisation without searchFrom.
    await h.deps.db.mongo.collection('taskWords').deleteMany(entriesOfOrganisation(owner.organisationId));
    await organisations.updateOne({ _id: orgId }, { $unset: { searchFrom: '' } });
    const done = await runMigrations(h.deps.db.mongo);
    expect(done.some((line) => line.includes('search index'))).toBe(true);
    expect((await organisations.findOne({ _id: orgId }))?.['searchFrom']).toBe('2024-06');
    const all = ['Invoice now', 'Invoice March', 'Invoice January', 'Invoice old'];
    expect(await found(owner.api, 'invoice')).toEqual(all);
    expect((await runMigrations(h.deps.db.mongo)).some((line) => line.includes('search index'))).toBe(false);
    expect(await found(owner.api, 'invoice')).toEqual(all); // entries replaced, not added twice
  });

  it('keeps the index right when edits race (20 rounds)', async () => {
    const owner = await member(h, 'race@search.example');
    const task = await owner.api.task.create({ title: 'Start' });
    for (let round = 0; round < 20; round++) {
      const titles = ['alpha', 'bravo', 'charlie', 'delta'].map((word) => `${word}${round}`);
      await Promise.all(titles.map((title) => owner.api.task.update({ id: task.id, title })));
      const title = (await h.deps.db.orm.tasks.where({ _id: task.id }).first())!.title;
      for (const candidate of titles) {
        expect(await found(owner.api, candidate)).toEqual(candidate === title ? [title] : []);
      }
      // Only the final title's words are indexed: 1 to 7 letters of "<word><round>".
      expect(await entriesOf(task)).toBe(Array.from(title).length);
    }
  });

  it('leaves no entries behind when a list or an organisation is deleted', async () => {
    const owner = await member(h, 'gone@search.example');
    const doomed = await owner.api.list.create({ name: 'Doomed' });
    const task = await owner.api.task.create({ title: 'Ephemeral thing', listId: doomed.id });
    await owner.api.list.delete({ id: doomed.id, confirmName: 'Doomed' });
    expect(await entriesOf(task)).toBe(0);
    await owner.api.task.create({ title: 'Last words' });
    await owner.api.organisation.delete({ confirmation: "gone's organisation", password: PASSWORD });
    expect(await h.deps.db.mongo.collection('taskWords').countDocuments(entriesOfOrganisation(owner.organisationId))).toBe(0);
  });

  it('drops the entries a crash left without a task once they are ten minutes old; a refused create leaves none', async () => {
    const owner = await member(h, 'crash@search.example');
    // A create that stopped after its words: entries, no task.
    const phantom = { id: new ObjectId().toHexString(), createdAt: h.deps.clock() };
    await indexNewTask(h.deps, {
      _id: phantom.id,
      organisationId: owner.organisationId,
      title: 'phantom kiwi',
      notes: '',
      createdAt: phantom.createdAt,
    });
    // A delete that stopped after the task: a task gone, its entries left.
    const mango = await owner.api.task.create({ title: 'orphan mango' });
    await h.deps.db.orm.tasks.where({ _id: mango.id }).delete();
    expect(await found(owner.api, 'kiwi')).toEqual([]);
    expect(await entriesOf(phantom)).toBeGreaterThan(0); // young: maybe a create under way
    h.advance(11 * 60_000);
    expect(await found(owner.api, 'kiwi')).toEqual([]);
    expect(await found(owner.api, 'mango')).toEqual([]);
    expect(await entriesOf(phantom)).toBe(0);
    expect(await entriesOf(mango)).toBe(0);

    // A create refused under the list's lock (the list deleted meanwhile) takes its words back.
    const list = await owner.api.list.create({ name: 'Going' });
    await h.deps.db.orm.taskOrders.where({ key: listOrderKey(list.id) }).delete();
    await expectAppError(owner.api.task.create({ listId: list.id, title: 'zucchini soup' }), 'NOT_FOUND');
    h.advance(11 * 60_000); // old enough that a search would drop them, so none may be left to drop
    const left = await h.deps.db.mongo
      .collection('taskWords')
      .countDocuments({ ...entriesOfOrganisation(owner.organisationId), words: { $regex: 'zucchini' } });
    expect(left).toBe(0);
  });
});
