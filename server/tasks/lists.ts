import { generateKeyBetween } from 'fractional-indexing';
import { AppError } from '../errors';
import { startJob, type JobDefinition } from '../jobs/run';
import { canManageMembers } from '../organisation/roles';
import type { Member } from '../organisation/membership';
import type { Deps } from '../deps';
import { createOrder, deleteOrder, withListLock } from '../store/task-order';
import { deleteTasksWithWords } from '../store/task-search';
import { ObjectId } from 'mongodb';
import { FIRST_LIST_NAME, listOrderKey } from '../store/task-runs.mjs';
import { publish } from '../live/publish';

export interface ListView {
  id: string;
  name: string;
  archived: boolean;
  openTasks: number;
  tasks: number;
}

interface ListRow {
  _id: string;
  organisationId: string;
  name: string;
  position: string;
  archived: boolean;
  openTasks: number;
  tasks: number;
}

export { FIRST_LIST_NAME };

const view = (row: ListRow): ListView => ({
  id: row._id,
  name: row.name,
  archived: row.archived,
  openTasks: row.openTasks,
  tasks: row.tasks,
});

const byPosition = (a: { position: string; _id: string }, b: { position: string; _id: string }) =>
  a.position < b.position ? -1 : a.position > b.position ? 1 : a._id < b._id ? -1 : 1;

/** The organisation's lists in sidebar order: few per organisation, so all are read. */
export async function listsOf(db: Deps['db'], organisationId: string): Promise<ListRow[]> {
  return ((await db.orm.lists.where({ organisationId }).all()) as ListRow[]).sort(byPosition);
}

export async function listLists({ db }: Deps, member: Member): Promise<ListView[]> {
  return (await listsOf(db, member.organisationId)).map(view);
}

/** A list of the caller's organisation; any other (or none) is NOT_FOUND. */
export async function listOf(db: Deps['db'], member: Member, id: string): Promise<ListRow> {
  const list = (await db.orm.lists.where({ _id: id }).first()) as ListRow | null;
  if (!list || String(list.organisationId) !== member.organisationId) throw new AppError('NOT_FOUND');
  return list;
}

/** The list a call names, or the organisation's first open list when it names none. */
export async function listOrFirst(db: Deps['db'], member: Member, id: string | undefined): Promise<ListRow> {
  if (id !== undefined) return listOf(db, member, id);
  const first = (await listsOf(db, member.organisationId)).find((list) => !list.archived);
  if (!first) throw new AppError('NO_LISTS');
  return first;
}

/** A new list, last in the sidebar, with its empty order. Also what a new organisation starts with. */
export async function addList(
  { db }: Pick<Deps, 'db'>,
  organisationId: string,
  createdBy: string,
  name: string,
): Promise<ListView> {
  const last = (await listsOf(db, organisationId)).at(-1);
  const list = (await db.orm.lists.create({
    organisationId,
    name,
    position: generateKeyBetween(last?.position ?? null, null),
    archived: false,
    openTasks: 0,
    tasks: 0,
    countedAt: null,
    createdBy,
  })) as ListRow;
  await createOrder(db, listOrderKey(list._id), organisationId);
  return view(list);
}

export async function createList(deps: Deps, member: Member, { name }: { name: string }): Promise<ListView> {
  const list = await addList(deps, member.organisationId, member.userId, name);
  await publish(deps, member, 'list.changed', { listId: list.id });
  return list;
}

export async function renameList(deps: Deps, member: Member, { id, name }: { id: string; name: string }): Promise<ListView> {
  const { db } = deps;
  await listOf(db, member, id);
  const row = (await withListLock(deps, id, () => db.orm.lists.where({ _id: id }).update({ name }))) as ListRow | null;
  if (!row) throw new AppError('NOT_FOUND');
  await publish(deps, member, 'list.changed', { listId: id });
  return view(row);
}

/** Puts a list right after `afterId` in the sidebar (first when null). */
export async function moveList(
  deps: Deps,
  member: Member,
  { id, afterId }: { id: string; afterId: string | null },
): Promise<ListView[]> {
  const { db } = deps;
  const lists = await listsOf(db, member.organisationId);
  const moving = lists.find((list) => String(list._id) === id);
  if (!moving) throw new AppError('NOT_FOUND');
  const others = lists.filter((list) => list !== moving);
  const at = afterId === null ? -1 : others.findIndex((list) => String(list._id) === afterId);
  if (afterId !== null && at < 0) throw new AppError('NOT_FOUND');
  const low = others[at]?.position ?? null;
  const high = others[at + 1]?.position ?? null;
  // Two lists that share a position (moved there at once) are ordered by id: step past the tie.
  const position = low !== null && high !== null && low >= high ? generateKeyBetween(low, null) : generateKeyBetween(low, high);
  await withListLock(deps, id, () => db.orm.lists.where({ _id: id }).update({ position }));
  await publish(deps, member, 'list.changed', { listId: id });
  return listLists(deps, member);
}

export async function archiveList(
  deps: Deps,
  member: Member,
  { id, archived }: { id: string; archived: boolean },
): Promise<ListView> {
  const { db } = deps;
  if (!canManageMembers(member.role)) throw new AppError('FORBIDDEN');
  await listOf(db, member, id);
  const row = (await withListLock(deps, id, () => db.orm.lists.where({ _id: id }).update({ archived }))) as ListRow | null;
  if (!row) throw new AppError('NOT_FOUND');
  await publish(deps, member, 'list.changed', { listId: id });
  return view(row);
}

interface ListDeletion {
  listId: string;
}

/**
 * Deletes a list: it leaves the sidebar first; its order goes under the order's lock, so that a
 * task written to it meanwhile is written before (and deleted next) or refused; then its tasks,
 * a batch at a time.
 */
export const deleteListJob: JobDefinition<ListDeletion> = {
  kind: 'delete-list',
  steps: [
    async ({ db }, { listId }) => db.orm.lists.where({ _id: listId }).delete(),
    async (deps, { listId }) => deleteOrder(deps, listOrderKey(listId)),
    async (deps, { listId }) => deleteTasksWithWords(deps, { listId: new ObjectId(listId) }),
  ],
};

/** Admins and owners delete a list with its tasks, typing its name to confirm. */
export async function deleteList(deps: Deps, member: Member, { id, confirmName }: { id: string; confirmName: string }) {
  if (!canManageMembers(member.role)) throw new AppError('FORBIDDEN');
  const list = await listOf(deps.db, member, id);
  if (confirmName.trim() !== list.name) throw new AppError('LIST_NAME_MISMATCH');
  await startJob(deps, deleteListJob, id, { listId: id });
  await publish(deps, member, 'list.changed', { listId: id });
}
