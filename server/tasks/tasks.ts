import { generateKeyBetween } from 'fractional-indexing';
import { ObjectId } from 'mongodb';
import { AppError, isAppErrorCode } from '../errors';
import type { Member } from '../organisation/membership';
import type { Deps } from '../deps';
import { DELETED_USER, namesOf } from './names';
import {
  DERIVED,
  deleteOrder,
  editOrder,
  editOrders,
  MAX_POSITION_LENGTH,
  doneOrderKey,
  mineNewOrderKey,
  dueOrderKey,
  listDueOrderKey,
  listNewOrderKey,
  mineOrderKey,
  orderKeyOf,
  readOrderPage,
  tasksInOrder,
  updateTaskAlone,
  type OrderEdit,
  type PlacedTask,
  type TaskRow,
} from '../store/task-order';
import { isMember } from '../store/memberships';
import { addDays, todayIn } from '../organisation/time-zone';
import { listOrderKey, sortKey } from '../store/task-runs.mjs';
import { deleteTaskTalk, indexNewTask, reindexTask } from '../store/task-search';
import { listOf, listOrFirst, listsOf } from './lists';
import { decodeCursor, encodeCursor } from './cursor';
import { publish } from '../live/publish';
import { recordActivity } from './activity';
import { notifyPeople } from './notify';

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
  assigneeId: string | null;
  /** The assignee's display name; null when nobody is assigned. */
  assignee: string | null;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

// A due date is a calendar day, not an instant: it travels as YYYY-MM-DD.
const toDay = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);
const fromDay = (day: string | null | undefined) => (day ? new Date(`${day}T00:00:00.000Z`) : null);

const LOWEST_ID = '0'.repeat(24);

async function viewsOf(db: Deps['db'], rows: TaskRow[]): Promise<TaskView[]> {
  const names = await namesOf(
    db,
    rows.flatMap((row) => [String(row.createdBy), ...(row.assigneeId ? [row.assigneeId] : [])]),
  );
  return rows.map((row) => ({
    id: String(row._id),
    listId: String(row.listId),
    title: row.title,
    notes: row.notes,
    done: row.done,
    dueDate: toDay(row.dueDate),
    createdBy: String(row.createdBy),
    author: names.get(String(row.createdBy)) ?? DELETED_USER,
    assigneeId: row.assigneeId ?? null,
    assignee: row.assigneeId ? (names.get(row.assigneeId) ?? DELETED_USER) : null,
    completedAt: row.completedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}

/** The organisation's open tabs hear that a task changed (server/live/publish.ts). */
const published = (deps: Deps, member: Member, task: TaskRow, extra: { fromListId?: string } = {}) =>
  publish(deps, member, 'task.changed', { listId: String(task.listId), taskId: String(task._id), ...extra });

/** A changed task's view, while its organisation's tabs are told. */
async function changed(deps: Deps, member: Member, row: TaskRow, extra: { fromListId?: string } = {}): Promise<TaskView> {
  const [views] = await Promise.all([viewsOf(deps.db, [row]), published(deps, member, row, extra)]);
  return views[0]!;
}

export type Show = 'all' | 'open' | 'done';
const shows: Record<Show, (task: TaskRow) => boolean> = {
  all: () => true,
  open: (task) => !task.done,
  done: (task) => task.done,
};

export type ListSort = 'manual' | 'due' | 'created';
const listOrders: Record<ListSort, (listId: string) => string> = {
  manual: listOrderKey,
  due: listDueOrderKey,
  created: listNewOrderKey,
};

/**
 * A page of a list's tasks in their manual order, by due day (none last) or newest first
 * (server/store/task-order.ts).
 */
export async function listTasks(
  { db, clock }: Deps,
  member: Member,
  {
    listId,
    cursor,
    limit,
    show,
    assigneeId,
    sort = 'manual',
  }: {
    listId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
    show: Show;
    assigneeId?: string | null | undefined;
    sort?: ListSort | undefined;
  },
): Promise<{ tasks: TaskView[]; nextCursor: string | null; today: string }> {
  const today = todayIn(member.timeZone, clock());
  const list = await listOrFirst(db, member, listId).catch((error: unknown) => {
    if (isAppErrorCode(error, 'NO_LISTS')) return null;
    throw error;
  });
  if (!list) return { tasks: [], nextCursor: null, today };
  const page = await readOrderPage({ db }, listOrders[sort](String(list._id)), {
    after: cursor ? decodeCursor(cursor) : null,
    limit,
    keep: (task) => shows[show](task) && (assigneeId === undefined || (task.assigneeId ?? null) === assigneeId),
  });
  return { ...(await pageView(db, page)), today };
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

const derivedKeys = (task: PlacedTask) => DERIVED.map((d) => d.of(task)).filter((k): k is string => k !== null);

type Placed = PlacedTask & Pick<TaskRow, '_id' | 'position' | 'createdAt' | 'completedAt'>;
type DerivedField = (typeof DERIVED)[number]['field'];
/** Whether a change leaves a task where it was in one of the derived orders. */
const stays = (from: string | null, to: string | null, task: Placed, next: Placed) =>
  from === to && (from === null || orderKeyOf(from, task) === orderKeyOf(to!, next));

/**
 * Takes a task out of the derived orders a change moves it in and puts it into its new place,
 * under their locks; returns the fields naming its new runs.
 */
function replaced(edits: Map<string, OrderEdit>, task: TaskRow, next: TaskRow): Partial<Record<DerivedField, string | null>> {
  // The task changed between its first read and the locks: they are not all the right ones.
  if (derivedKeys(task).some((key) => !edits.has(key))) throw new AppError('BUSY');
  const runs: Partial<Record<DerivedField, string | null>> = {};
  for (const { of, field } of DERIVED) {
    const [from, to] = [of(task), of(next)];
    if (stays(from, to, task, next)) continue;
    if ((from && !edits.has(from)) || (to && !edits.has(to))) throw new AppError('BUSY'); // changed meanwhile
    const current = task[field];
    if (from && current) edits.get(from)!.removed(current);
    const placedIn = to ? edits.get(to)!.runFor(orderKeyOf(to, next)).id : null;
    if (to && placedIn) edits.get(to)!.added(placedIn);
    runs[field] = placedIn;
  }
  return runs;
}

/** An assignee must be a member of the organisation; null is nobody. */
async function assignable(db: Deps['db'], member: Member, userId: string | null | undefined): Promise<string | null> {
  if (!userId) return null;
  if (!(await isMember(db, member.organisationId, userId))) throw new AppError('NOT_A_MEMBER');
  return userId;
}

/**
 * The assignee checked again under their order's lock: a removal deletes the membership, then
 * gives the person's open tasks back to nobody under the same lock, so an assignment either
 * lands before (and is given back) or finds no membership.
 */
async function stillMember(db: Deps['db'], member: Member, assigneeId: string | null): Promise<void> {
  if (assigneeId && !(await isMember(db, member.organisationId, assigneeId))) throw new AppError('NOT_A_MEMBER');
}

/** A new task goes on top of its list (and, assigned, into its assignee's order). */
export async function createTask(
  deps: Deps,
  member: Member,
  input: {
    listId?: string | undefined;
    title: string;
    notes: string;
    dueDate?: string | null | undefined;
    assigneeId?: string | null | undefined;
  },
): Promise<TaskView> {
  const { db, clock } = deps;
  const list = await listOrFirst(db, member, input.listId);
  if (list.archived) throw new AppError('LIST_ARCHIVED');
  const listId = String(list._id);
  const assigneeId = await assignable(db, member, input.assigneeId);
  const listKey = listOrderKey(listId);
  const dueDate = fromDay(input.dueDate);
  const placed = { organisationId: member.organisationId, listId, assigneeId, done: false, dueDate };
  const now = clock();
  const id = new ObjectId().toHexString();
  // Its words first: a crash after them leaves entries without a task (search drops those),
  // never a task that search cannot find.
  await indexNewTask(deps, {
    _id: id,
    organisationId: member.organisationId,
    title: input.title,
    notes: input.notes,
    createdAt: now,
  });
  const row = await editOrders(deps, [listKey, ...derivedKeys(placed)], async (edits) => {
    await stillMember(db, member, assigneeId);
    const order = edits.get(listKey)!;
    const position = generateKeyBetween(null, order.top());
    const run = order.runFor(sortKey(position, LOWEST_ID));
    const runs: Record<DerivedField, string | null> = {
      listDueRun: null,
      listNewRun: null,
      mineRun: null,
      mineNewRun: null,
      dueRun: null,
      doneRun: null,
    };
    for (const { of, field } of DERIVED) {
      const key = of(placed);
      if (!key) continue;
      const derived = edits.get(key)!.runFor(orderKeyOf(key, { _id: id, position, dueDate, createdAt: now, completedAt: null }));
      edits.get(key)!.added(derived.id);
      runs[field] = derived.id;
    }
    const created = (await db.orm.tasks.create({
      _id: id,
      organisationId: member.organisationId,
      listId,
      title: input.title,
      notes: input.notes,
      done: false,
      dueDate,
      position,
      listRun: run.id,
      assigneeId,
      ...runs,
      createdBy: member.userId,
      completedAt: null,
      createdAt: now,
      updatedAt: now,
    })) as TaskRow;
    order.added(run.id);
    order.setTop(position);
    await countIn(db, listId, 1, 1);
    return created;
  }).catch(async (error: unknown) => {
    await reindexTask(deps, { _id: id, createdAt: now }); // no task: its entries go
    throw error;
  });
  const [view] = await Promise.all([changed(deps, member, row), recordActivity(deps, member, id, 'created')]);
  if (assigneeId) await assigned(deps, member, view);
  return view;
}

/** A task's new assignee: a line in its history, and an email unless they assigned it to themselves. */
async function assigned(deps: Deps, member: Member, task: TaskView): Promise<void> {
  await Promise.all([
    recordActivity(deps, member, task.id, 'assigned', { assigneeId: task.assigneeId }),
    task.assigneeId ? notifyPeople(deps, member, task, 'assignments', [task.assigneeId]) : null,
  ]);
}

/**
 * Changes a task and moves it in the derived orders the change moves it in ("Assigned to me",
 * "Upcoming", its list by due day), under their locks: the assignee, the due day or done changed.
 */
async function reassign(
  deps: Deps,
  member: Member,
  id: string,
  extraKeys: string[],
  change: (task: TaskRow) => Partial<Pick<TaskRow, 'assigneeId' | 'dueDate' | 'done' | 'completedAt' | 'title' | 'notes'>>,
  after?: (task: TaskRow, updated: TaskRow, edits: Map<string, OrderEdit>) => Promise<void>,
): Promise<TaskRow> {
  const { db, clock } = deps;
  const before = await taskOf(db, member, id);
  const planned = { ...before, ...change(before) };
  // Every order the task is in, before and after, even those it stays in: FerretDB loses one of
  // two updates of a document at once, and a split of any of them moves the task (updateTaskAlone).
  return editOrders(deps, [...derivedKeys(before), ...derivedKeys(planned), ...extraKeys], async (edits) => {
    const task = await taskOf(db, member, id);
    const next = { ...task, ...change(task) };
    if (next.assigneeId !== task.assigneeId) await stillMember(db, member, next.assigneeId);
    const runs = replaced(edits, task, next);
    const updated = (await db.orm.tasks
      .where({ _id: id })
      .update({ ...change(task), ...runs, updatedAt: clock() })) as TaskRow | null;
    if (!updated) throw new AppError('NOT_FOUND');
    await after?.(task, updated, edits);
    return updated;
  });
}

/** Title, notes, due day and assignee. The list's order is untouched; the assignee's follows. */
export async function updateTask(
  deps: Deps,
  member: Member,
  id: string,
  changes: {
    title?: string | undefined;
    notes?: string | undefined;
    dueDate?: string | null | undefined;
    assigneeId?: string | null | undefined;
  },
): Promise<TaskView> {
  const { db } = deps;
  const task = await taskOf(db, member, id);
  await writableList(db, member, String(task.listId));
  const assigneeId = changes.assigneeId === undefined ? undefined : await assignable(db, member, changes.assigneeId);
  let previous: TaskRow | null = null;
  const row = await reassign(
    deps,
    member,
    id,
    [],
    () => ({
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.notes !== undefined ? { notes: changes.notes } : {}),
      ...(changes.dueDate !== undefined ? { dueDate: fromDay(changes.dueDate) } : {}),
      ...(assigneeId !== undefined ? { assigneeId } : {}),
    }),
    async (task) => {
      previous = task; // as it was under the locks: what this change changed
    },
  );
  if (changes.title !== undefined || changes.notes !== undefined) await reindexTask(deps, row);
  const view = await changed(deps, member, row);
  const was = previous as TaskRow | null;
  if (was && (was.assigneeId ?? null) !== view.assigneeId) await assigned(deps, member, view);
  if (was && toDay(was.dueDate) !== view.dueDate) await recordActivity(deps, member, id, 'due', { dueDate: view.dueDate });
  return view;
}

/** Done or open again; the list's open count and the assignee's order follow, under their locks. */
export async function completeTask(deps: Deps, member: Member, id: string, done: boolean): Promise<TaskView> {
  const { db, clock } = deps;
  const before = await taskOf(db, member, id);
  const listId = String(before.listId);
  await writableList(db, member, listId);
  let toggled = false;
  const row = await reassign(
    deps,
    member,
    id,
    [listOrderKey(listId)],
    (task) => ({ done, completedAt: done ? (task.done ? task.completedAt : clock()) : null }),
    async (task) => {
      if (String(task.listId) !== listId) throw new AppError('BUSY'); // moved meanwhile
      if (task.done !== done) await countIn(db, listId, 0, done ? -1 : 1);
      toggled = task.done !== done;
    },
  );
  const [view] = await Promise.all([
    changed(deps, member, row),
    toggled ? recordActivity(deps, member, id, done ? 'completed' : 'reopened') : null,
  ]);
  return view;
}

export async function deleteTask(deps: Deps, member: Member, id: string): Promise<void> {
  const { db } = deps;
  const before = await taskOf(db, member, id);
  const listId = String(before.listId);
  await writableList(db, member, listId);
  await editOrders(deps, [listOrderKey(listId), ...derivedKeys(before)], async (edits) => {
    const task = await taskOf(db, member, id);
    if (String(task.listId) !== listId || derivedKeys(task).some((key) => !edits.has(key))) throw new AppError('BUSY');
    if ((await db.orm.tasks.where({ _id: id }).deleteAndCount()) !== 1) throw new AppError('NOT_FOUND');
    edits.get(listOrderKey(listId))!.removed(task.listRun);
    for (const { of, field } of DERIVED) {
      const key = of(task);
      const run = task[field];
      if (key && run) edits.get(key)!.removed(run);
    }
    await countIn(db, listId, -1, task.done ? 0 : -1);
  });
  await Promise.all([reindexTask(deps, before), deleteTaskTalk(deps, [id]), published(deps, member, before)]);
}

/**
 * The caller's tasks in the organisation, archived lists left out: open ones by due day (none
 * last), then creation, or newest first; done ones newest completion first.
 */
export async function assignedToMe(
  { db, clock }: Deps,
  member: Member,
  { cursor, limit, show, sort }: { cursor?: string | undefined; limit: number; show: 'open' | 'done'; sort: 'due' | 'created' },
): Promise<{ tasks: TaskView[]; nextCursor: string | null; today: string }> {
  const archived = await archivedLists(db, member.organisationId);
  const done = show === 'done';
  const orderOf = done ? doneOrderKey : sort === 'created' ? mineNewOrderKey : mineOrderKey;
  const key = orderOf(member.organisationId, member.userId);
  const page = await readOrderPage({ db }, key, {
    after: cursor ? decodeCursor(cursor) : null,
    limit,
    keep: (task) => task.done === done && task.assigneeId === member.userId && !archived.has(String(task.listId)),
  });
  return { ...(await pageView(db, page)), today: todayIn(member.timeZone, clock()) };
}

const UPCOMING_DAYS = 7;

/**
 * The organisation's open tasks due by a week from today (overdue first), in its time zone;
 * optionally one person's. Archived lists are left out.
 */
export async function upcoming(
  { db, clock }: Deps,
  member: Member,
  { cursor, limit, assigneeId }: { cursor?: string | undefined; limit: number; assigneeId?: string | undefined },
): Promise<{ tasks: TaskView[]; nextCursor: string | null; today: string }> {
  const today = todayIn(member.timeZone, clock());
  const archived = await archivedLists(db, member.organisationId);
  const page = await readOrderPage({ db }, dueOrderKey(member.organisationId), {
    after: cursor ? decodeCursor(cursor) : null,
    limit,
    // Sort keys start with the due day: every key of the last day sorts below "<day>~".
    until: `${addDays(today, UPCOMING_DAYS)}~`,
    keep: (task) =>
      !task.done && !archived.has(String(task.listId)) && (assigneeId === undefined || task.assigneeId === assigneeId),
  });
  return { ...(await pageView(db, page)), today };
}

/** The ids of the organisation's archived lists, whose tasks the views across lists leave out. */
export async function archivedLists(db: Deps['db'], organisationId: string): Promise<Set<string>> {
  return new Set((await listsOf(db, organisationId)).filter((l) => l.archived).map((l) => String(l._id)));
}

/** A page of an order as the API gives it: the tasks' views and an opaque cursor. */
export async function pageView(db: Deps['db'], page: { tasks: TaskRow[]; next: string | null }) {
  return { tasks: await viewsOf(db, page.tasks), nextCursor: page.next ? encodeCursor(page.next) : null };
}

/**
 * A removed member's open tasks go back to nobody, and their order with them; `found` hears
 * their titles first, under the order's lock.
 */
export async function unassignOpenTasks(
  deps: Deps,
  organisationId: string,
  userId: string,
  found: (titles: string[]) => Promise<void> = async () => undefined,
): Promise<number> {
  const key = mineOrderKey(organisationId, userId);
  const tasks = await editOrder(deps, key, async () => {
    const assigned = await tasksInOrder(deps, key);
    await found(assigned.filter((task) => !task.done && task.assigneeId === userId).map((task) => task.title));
    for (let i = 0; i < assigned.length; i += 20) {
      await Promise.all(
        assigned
          .slice(i, i + 20)
          .map((task) =>
            updateTaskAlone(deps, String(task._id), () =>
              deps.db.orm.tasks.where({ _id: String(task._id) }).update({ assigneeId: null, mineRun: null, mineNewRun: null }),
            ),
          ),
      );
    }
    return assigned.length;
  });
  // Both orders of their open tasks: the newest-first one holds the same tasks.
  await deleteOrder(deps, key);
  await deleteOrder(deps, mineNewOrderKey(organisationId, userId));
  return tasks;
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
  const [sourceKey, targetKey] = [listOrderKey(from), listOrderKey(listId)];
  const move = async (edits: Map<string, OrderEdit>): Promise<TaskRow> => {
    const [source, target] = [edits.get(sourceKey)!, edits.get(targetKey)!];
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
    // Into another list: its orders by due day and by creation too.
    const runs = replaced(edits, task, { ...task, listId });
    // The task and both lists' counts at once: under the lists' locks nothing else writes them
    // (a delete takes the same locks); the housekeeping recounts lists besides (server/tasks/recount.ts).
    const [moved] = await Promise.all([
      db.orm.tasks
        .where({ _id: id })
        .update({ listId, position, listRun: run.id, ...runs, updatedAt: clock() }) as Promise<TaskRow | null>,
      from !== listId ? countIn(db, from, -1, task.done ? 0 : -1) : null,
      from !== listId ? countIn(db, listId, 1, task.done ? 0 : 1) : null,
    ]);
    if (!moved) throw new AppError('NOT_FOUND');
    source.removed(task.listRun);
    target.added(run.id);
    if ((target.top() ?? position) >= position) target.setTop(position);
    if (position.length > MAX_POSITION_LENGTH) target.relayout();
    return moved;
  };
  // Every order the task is in, as in reassign: a split of its assignee's order may be moving it.
  const keys = [sourceKey, targetKey, ...derivedKeys(before), ...derivedKeys({ ...before, listId })];
  const row = await editOrders(deps, keys, move);
  // One event names both lists.
  const [view] = await Promise.all([
    changed(deps, member, row, from !== listId ? { fromListId: from } : {}),
    from !== listId ? recordActivity(deps, member, id, 'moved', { fromListId: from, toListId: listId }) : null,
  ]);
  return view;
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
