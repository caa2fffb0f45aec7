import { generateKeyBetween } from 'fractional-indexing';
import { AppError, isAppErrorCode } from '../errors';
import type { Member } from '../organisation/membership';
import type { Deps } from '../deps';
import { displayNameOf } from '../account/display-name';
import { editOrder, MAX_POSITION_LENGTH, readOrderPage, type OrderEdit, type TaskRow } from '../store/task-order';
import { listOrderKey, sortKey } from '../store/task-runs.mjs';
import { listOf, listOrFirst } from './lists';
import { decodeCursor, encodeCursor } from './cursor';

export interface TaskView {
  id: string;
  listId: string;
  title: string;
  notes: string;
  done: boolean;
  dueDate: string | null;
  createdBy: string;
  /** The creator's display name, or "deleted user" once their account is gone. */
  author: string;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

// A due date is a calendar day, not an instant: it travels as YYYY-MM-DD.
const toDay = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);
const fromDay = (day: string | null | undefined) => (day ? new Date(`${day}T00:00:00.000Z`) : null);

export const DELETED_USER = 'deleted user';
const LOWEST_ID = '0'.repeat(24);

/** The authors of some tasks, each read by _id (at once): a page has few. */
async function authorsOf(db: Deps['db'], rows: { createdBy: string }[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((row) => String(row.createdBy)))];
  const users = await Promise.all(ids.map((_id) => db.orm.users.where({ _id }).select('email', 'name').first()));
  return new Map(ids.map((id, i) => [id, users[i] ? displayNameOf(users[i]) : DELETED_USER]));
}

function view(row: TaskRow, authors: Map<string, string>): TaskView {
  return {
    id: String(row._id),
    listId: String(row.listId),
    title: row.title,
    notes: row.notes,
    done: row.done,
    dueDate: toDay(row.dueDate),
    createdBy: String(row.createdBy),
    author: authors.get(String(row.createdBy)) ?? DELETED_USER,
    completedAt: row.completedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export type Show = 'all' | 'open' | 'done';
const shows: Record<Show, (task: TaskRow) => boolean> = {
  all: () => true,
  open: (task) => !task.done,
  done: (task) => task.done,
};

/** A page of a list's tasks in their manual order (server/store/task-order.ts). */
export async function listTasks(
  { db }: Deps,
  member: Member,
  { listId, cursor, limit, show }: { listId?: string | undefined; cursor?: string | undefined; limit: number; show: Show },
): Promise<{ tasks: TaskView[]; nextCursor: string | null }> {
  const list = await listOrFirst(db, member, listId).catch((error: unknown) => {
    if (isAppErrorCode(error, 'NO_LISTS')) return null;
    throw error;
  });
  if (!list) return { tasks: [], nextCursor: null };
  const page = await readOrderPage({ db }, listOrderKey(String(list._id)), {
    after: cursor ? decodeCursor(cursor) : null,
    limit,
    keep: shows[show],
  });
  const authors = await authorsOf(db, page.tasks);
  return { tasks: page.tasks.map((row) => view(row, authors)), nextCursor: page.next ? encodeCursor(page.next) : null };
}

/** A list that takes changes: the caller's organisation's, not archived. */
async function writableList(db: Deps['db'], member: Member, listId: string) {
  const list = await listOf(db, member, listId);
  if (list.archived) throw new AppError('LIST_ARCHIVED');
  return list;
}

/** A task of the caller's organisation (read by _id alone, then compared); any other is NOT_FOUND. */
async function taskOf(db: Deps['db'], member: Member, id: string): Promise<TaskRow> {
  const task = (await db.orm.tasks.where({ _id: id }).first()) as TaskRow | null;
  if (!task || String(task.organisationId) !== member.organisationId) throw new AppError('NOT_FOUND');
  return task;
}

const countIn = (db: Deps['db'], listId: string, tasks: number, open: number) =>
  db.orm.lists.where({ _id: listId }).update((l) => [l.tasks.inc(tasks), l.openTasks.inc(open)]);

/** A new task goes on top of its list. */
export async function createTask(
  deps: Deps,
  member: Member,
  input: { listId?: string | undefined; title: string; notes: string; dueDate?: string | null | undefined },
): Promise<TaskView> {
  const { db, clock } = deps;
  const list = await listOrFirst(db, member, input.listId);
  if (list.archived) throw new AppError('LIST_ARCHIVED');
  const listId = String(list._id);
  const row = await editOrder(deps, listOrderKey(listId), async (order) => {
    const position = generateKeyBetween(null, order.top());
    const run = order.runFor(sortKey(position, LOWEST_ID));
    const now = clock();
    const created = (await db.orm.tasks.create({
      organisationId: member.organisationId,
      listId,
      title: input.title,
      notes: input.notes,
      done: false,
      dueDate: fromDay(input.dueDate),
      position,
      listRun: run.id,
      createdBy: member.userId,
      completedAt: null,
      createdAt: now,
      updatedAt: now,
    })) as TaskRow;
    order.added(run.id);
    order.setTop(position);
    await countIn(db, listId, 1, 1);
    return created;
  });
  return view(row, await authorsOf(db, [row]));
}

/** Title, notes and due date: the list's order and counts are untouched. */
export async function updateTask(
  { db, clock }: Deps,
  member: Member,
  id: string,
  changes: { title?: string | undefined; notes?: string | undefined; dueDate?: string | null | undefined },
): Promise<TaskView> {
  const task = await taskOf(db, member, id);
  await writableList(db, member, String(task.listId));
  const set: { title?: string; notes?: string; dueDate?: Date | null; updatedAt: Date } = { updatedAt: clock() };
  if (changes.title !== undefined) set.title = changes.title;
  if (changes.notes !== undefined) set.notes = changes.notes;
  if (changes.dueDate !== undefined) set.dueDate = fromDay(changes.dueDate);
  const row = (await db.orm.tasks.where({ _id: id }).update(set)) as TaskRow | null;
  if (!row) throw new AppError('NOT_FOUND');
  return view(row, await authorsOf(db, [row]));
}

/** Done or open again; the list's open count follows, under its lock. */
export async function completeTask(deps: Deps, member: Member, id: string, done: boolean): Promise<TaskView> {
  const { db, clock } = deps;
  const before = await taskOf(db, member, id);
  await writableList(db, member, String(before.listId));
  const row = await editOrder(deps, listOrderKey(String(before.listId)), async () => {
    const task = await taskOf(db, member, id);
    if (String(task.listId) !== String(before.listId)) throw new AppError('BUSY'); // moved meanwhile
    const now = clock();
    const updated = (await db.orm.tasks
      .where({ _id: id })
      .update({ done, completedAt: done ? (task.done ? task.completedAt : now) : null, updatedAt: now })) as TaskRow | null;
    if (!updated) throw new AppError('NOT_FOUND');
    if (task.done !== done) await countIn(db, String(task.listId), 0, done ? -1 : 1);
    return updated;
  });
  return view(row, await authorsOf(db, [row]));
}

export async function deleteTask(deps: Deps, member: Member, id: string): Promise<void> {
  const { db } = deps;
  const before = await taskOf(db, member, id);
  await writableList(db, member, String(before.listId));
  await editOrder(deps, listOrderKey(String(before.listId)), async (order) => {
    const task = await taskOf(db, member, id);
    if (String(task.listId) !== String(before.listId)) throw new AppError('BUSY');
    if ((await db.orm.tasks.where({ _id: id }).deleteAndCount()) !== 1) throw new AppError('NOT_FOUND');
    order.removed(task.listRun);
    await countIn(db, String(task.listId), -1, task.done ? 0 : -1);
  });
}

/**
 * Moves a task between two neighbours of a list (its own or another): `afterId` is the task
 * that will be above it, `beforeId` the one below; null for the top or the bottom, both null
 * for the top. Both lists'
 * orders are locked, in key order, so that two moves never wait on each other.
 */
export async function moveTask(
  deps: Deps,
  member: Member,
  { id, listId, afterId, beforeId }: { id: string; listId: string; afterId: string | null; beforeId: string | null },
): Promise<TaskView> {
  const { db, clock } = deps;
  const before = await taskOf(db, member, id);
  const from = String(before.listId);
  await Promise.all([writableList(db, member, from), from === listId ? null : writableList(db, member, listId)]);
  const move = async (source: OrderEdit, target: OrderEdit): Promise<TaskRow> => {
    const task = await taskOf(db, member, id);
    if (String(task.listId) !== from) throw new AppError('BUSY'); // moved meanwhile
    const [above, below] = await Promise.all([
      neighbour(db, member, afterId, listId, id),
      neighbour(db, member, beforeId, listId, id),
    ]);
    // No neighbours named: on top, as a new task would be.
    const position =
      above === null && below === null ? generateKeyBetween(null, target.top()) : await positionBetween(db, above, below);
    const run = target.runFor(sortKey(position, String(task._id)));
    const moved = (await db.orm.tasks
      .where({ _id: id })
      .update({ listId, position, listRun: run.id, updatedAt: clock() })) as TaskRow | null;
    if (!moved) throw new AppError('NOT_FOUND');
    source.removed(task.listRun);
    target.added(run.id);
    if ((target.top() ?? position) >= position) target.setTop(position);
    if (from !== listId) {
      await Promise.all([countIn(db, from, -1, task.done ? 0 : -1), countIn(db, listId, 1, task.done ? 0 : 1)]);
    }
    if (position.length > MAX_POSITION_LENGTH) target.relayout();
    return moved;
  };
  const row =
    from === listId
      ? await editOrder(deps, listOrderKey(from), (order) => move(order, order))
      : await inKeyOrder(deps, listOrderKey(from), listOrderKey(listId), move);
  return view(row, await authorsOf(db, [row]));
}

/** Locks two orders, the smaller key first, and gives `work` the source's edit, then the target's. */
function inKeyOrder<T>(
  deps: Deps,
  sourceKey: string,
  targetKey: string,
  work: (source: OrderEdit, target: OrderEdit) => Promise<T>,
): Promise<T> {
  const [first, second] = sourceKey < targetKey ? [sourceKey, targetKey] : [targetKey, sourceKey];
  return editOrder(deps, first, (a) => editOrder(deps, second, (b) => (first === sourceKey ? work(a, b) : work(b, a))));
}

async function neighbour(db: Deps['db'], member: Member, id: string | null, listId: string, moving: string) {
  if (id === null) return null;
  if (id === moving) throw new AppError('NOT_FOUND');
  const task = await taskOf(db, member, id);
  if (String(task.listId) !== listId) throw new AppError('NOT_FOUND');
  return task;
}

/**
 * A position between two neighbours. Neighbours that share a position (two moves to one
 * place at once, ordered by id) leave no room between them: the task goes just below both.
 */
async function positionBetween(db: Deps['db'], above: TaskRow | null, below: TaskRow | null): Promise<string> {
  const low = above?.position ?? null;
  let high = below?.position ?? null;
  if (low !== null && high !== null && low >= high) {
    const run = await db.orm.tasks.where({ listRun: above!.listRun }).select('position').all();
    high = run
      .map((task) => task.position)
      .reduce<string | null>((next, p) => (p > low && (next === null || p < next) ? p : next), null);
  }
  return generateKeyBetween(low, high);
}
