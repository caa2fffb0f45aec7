import type { Deps } from '../deps';
import { AppError } from '../errors';
import { generateNKeysBetween } from 'fractional-indexing';
import { withLock, withLocks } from './locks';
import { doneSortKey, dueSortKey, layOutRuns, newRunId, sortKey, SPLIT_AT, type Run } from './task-runs.mjs';

/*
 * A list's tasks in order, read a page at a time. FerretDB sorts in memory every document a
 * filter matches (37 µs each, docs/database.md), so a page cannot be "the list, sorted, from
 * the cursor": the list is kept in runs of about 100 consecutive tasks, and each task names its
 * run (`listRun`, one indexed field). The order document lists the runs with the lowest sort
 * key each may hold; a page reads the run holding its cursor and the next ones until it has
 * enough, and sorts only those. Every change to the runs happens under the order's lock; a run
 * that reaches SPLIT_AT is split in two, the upper half moving to a new run. While it moves,
 * the order names the new run in `moving`, and readers read the two runs as one. On MongoDB
 * this is the same code: the runs cost one small document per list and an index on `listRun`.
 */

export interface TaskRow {
  _id: string;
  organisationId: string;
  listId: string;
  title: string;
  notes: string;
  done: boolean;
  dueDate: Date | null;
  position: string;
  listRun: string;
  /** Null when nobody is assigned. */
  assigneeId: string | null;
  /** Its run in its assignee's "Assigned to me" order while it is open and assigned; else null. */
  mineRun: string | null;
  /** Its run in the organisation's "Upcoming" order while open with a due day; else null. */
  dueRun: string | null;
  /** Its run in its assignee's done tasks while done and assigned; else null. */
  doneRun: string | null;
  /** Its run in its assignee's open tasks newest first while open and assigned; else null. */
  mineNewRun: string | null;
  /** Its run in its list's tasks by due day ("listdue"); null only before db:apply laid them out. */
  listDueRun: string | null;
  /** Its run in its list's tasks newest first ("listnew"); null only before db:apply laid them out. */
  listNewRun: string | null;
  createdBy: string;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface Order {
  _id: string;
  runs: Run[];
  moving: string | null;
  /** While the list is laid out anew: its task ids in order, each to get the next even key. */
  relayout: string[] | null;
  top: string | null;
  version: number;
}

/** A position longer than this (many moves into one gap) has the whole list laid out anew. */
export const MAX_POSITION_LENGTH = 40;

type Db = Deps['db'];
type RunField = 'listRun' | 'mineRun' | 'dueRun' | 'doneRun' | 'mineNewRun' | 'listDueRun' | 'listNewRun';

/*
 * Several kinds of order share the runs: a list's manual order ("list:<listId>", every task of
 * the list, by position), the same tasks by due day ("listdue:") and newest first ("listnew:"),
 * a person's open assigned tasks ("mine:<organisationId>:<userId>", by due day, then creation)
 * and the others below. A task names its run in each in its own field.
 */
const FIELDS: Record<string, RunField> = {
  list: 'listRun',
  mine: 'mineRun',
  due: 'dueRun',
  done: 'doneRun',
  minenew: 'mineNewRun',
  listdue: 'listDueRun',
  listnew: 'listNewRun',
};
const kindOf = (key: string) => key.slice(0, key.indexOf(':'));
const fieldOf = (key: string): RunField => FIELDS[kindOf(key)] ?? 'listRun';

/**
 * A list's other orders are kept under its manual order's lock: every write that changes a list
 * takes that lock already, so the other two cost no lock of their own.
 */
const lockOf = (key: string) => (kindOf(key) === 'listdue' || kindOf(key) === 'listnew' ? `list:${key.slice(8)}` : key);

/** The sort key of a task in the order `key` names. */
export function orderKeyOf(
  key: string,
  task: Pick<TaskRow, '_id' | 'position' | 'dueDate' | 'createdAt' | 'completedAt'>,
): string {
  const field = fieldOf(key);
  if (field === 'listRun') return sortKey(task.position, String(task._id));
  if (field === 'doneRun') return doneSortKey(task.completedAt ?? task.createdAt, String(task._id));
  if (field === 'mineNewRun' || field === 'listNewRun') return doneSortKey(task.createdAt, String(task._id));
  return dueSortKey(task.dueDate, task.createdAt, String(task._id));
}

export const mineOrderKey = (organisationId: string, userId: string) => `mine:${organisationId}:${userId}`;
/** A person's done assigned tasks in one organisation, newest completion first. */
export const doneOrderKey = (organisationId: string, userId: string) => `done:${organisationId}:${userId}`;
/** A person's open assigned tasks in one organisation, newest first. */
export const mineNewOrderKey = (organisationId: string, userId: string) => `minenew:${organisationId}:${userId}`;
/** An organisation's open tasks with a due day, by due day, then creation ("Upcoming"). */
export const dueOrderKey = (organisationId: string) => `due:${organisationId}`;
/** A list's tasks by due day (none last), then creation. */
export const listDueOrderKey = (listId: string) => `listdue:${listId}`;
/** A list's tasks, newest first. */
export const listNewOrderKey = (listId: string) => `listnew:${listId}`;

// One field per filter (docs/database.md), spelt out so that the ORM's types follow.
/** What decides the orders a task is in besides its list's manual order. */
export type PlacedTask = {
  organisationId: string;
  listId: string;
  assigneeId: string | null;
  done: boolean;
  dueDate: Date | null;
};

/**
 * The orders a task is in besides its list's manual order, and the field naming its run in
 * each: its list's tasks by due day and newest first; its assignee's open tasks by due day
 * ("mine") and newest first ("minenew") while open and assigned; the organisation's "Upcoming"
 * while open with a due day; its assignee's done tasks while done.
 */
export const DERIVED = [
  { of: (t: PlacedTask) => listDueOrderKey(String(t.listId)), field: 'listDueRun' },
  { of: (t: PlacedTask) => listNewOrderKey(String(t.listId)), field: 'listNewRun' },
  {
    of: (t: PlacedTask) => (t.assigneeId && !t.done ? mineOrderKey(String(t.organisationId), t.assigneeId) : null),
    field: 'mineRun',
  },
  {
    of: (t: PlacedTask) => (t.assigneeId && !t.done ? mineNewOrderKey(String(t.organisationId), t.assigneeId) : null),
    field: 'mineNewRun',
  },
  { of: (t: PlacedTask) => (t.dueDate && !t.done ? dueOrderKey(String(t.organisationId)) : null), field: 'dueRun' },
  {
    of: (t: PlacedTask) => (t.assigneeId && t.done ? doneOrderKey(String(t.organisationId), t.assigneeId) : null),
    field: 'doneRun',
  },
] as const;

async function readRun(db: Db, field: RunField, runId: string): Promise<TaskRow[]> {
  const tasks = db.orm.tasks;
  const rows = {
    listRun: () => tasks.where({ listRun: runId }).all(),
    mineRun: () => tasks.where({ mineRun: runId }).all(),
    dueRun: () => tasks.where({ dueRun: runId }).all(),
    doneRun: () => tasks.where({ doneRun: runId }).all(),
    mineNewRun: () => tasks.where({ mineNewRun: runId }).all(),
    listDueRun: () => tasks.where({ listDueRun: runId }).all(),
    listNewRun: () => tasks.where({ listNewRun: runId }).all(),
  }[field];
  return (await rows()) as TaskRow[];
}

type Locking = Pick<Deps, 'db' | 'clock'>;

/**
 * Writes one task's fields outside the writes of the services: a split's or a lay-out's moves,
 * a removal's unassigning. FerretDB rewrites the whole document for an update, so two updates of
 * one task at once lose one of them (tried: 193 of 200 pairs). The services' writes hold the
 * locks of every order the task is in, as each of these holds one; two of these, under two
 * orders' locks, are kept apart by the task's own lock.
 */
export function updateTaskAlone(deps: Locking, id: string, write: () => Promise<unknown>): Promise<unknown> {
  return withLock(deps, `task:${id}`, write, { attempts: 200 });
}

const moveToRun = ({ db, clock }: Locking, field: RunField, id: string, runId: string) => {
  const task = db.orm.tasks.where({ _id: id });
  return updateTaskAlone({ db, clock }, id, () =>
    ({
      listRun: () => task.update({ listRun: runId }),
      mineRun: () => task.update({ mineRun: runId }),
      dueRun: () => task.update({ dueRun: runId }),
      doneRun: () => task.update({ doneRun: runId }),
      mineNewRun: () => task.update({ mineNewRun: runId }),
      listDueRun: () => task.update({ listDueRun: runId }),
      listNewRun: () => task.update({ listNewRun: runId }),
    })[field](),
  );
};

async function readOrder(db: Db, key: string): Promise<Order | null> {
  const doc = await db.orm.taskOrders.where({ key }).first();
  if (!doc) return null;
  const parsed = JSON.parse(doc.runs) as { runs: Run[]; moving: string | null; relayout?: string[] | null };
  return {
    _id: doc._id,
    runs: parsed.runs,
    moving: parsed.moving,
    relayout: parsed.relayout ?? null,
    top: doc.top,
    version: doc.version,
  };
}

/** A new list's order: one empty run. */
export async function createOrder(db: Db, key: string, organisationId: string): Promise<void> {
  await db.orm.taskOrders.create({
    key,
    organisationId,
    runs: JSON.stringify({ runs: layOutRuns([]).runs, moving: null }),
    top: null,
    version: 0,
  });
}

/**
 * Removes an order (a list's with its other orders) once the writes under way have finished;
 * later writes find none (NOT_FOUND).
 */
export async function deleteOrder(deps: Pick<Deps, 'db' | 'clock'>, key: string): Promise<void> {
  const keys = kindOf(key) === 'list' ? [listDueOrderKey(key.slice(5)), listNewOrderKey(key.slice(5)), key] : [key];
  await withLock(
    deps,
    `order:${key}`,
    async () => {
      for (const each of keys) await deps.db.orm.taskOrders.where({ key: each }).delete();
    },
    { attempts: 200 },
  );
}

/** Runs read together: a run with the run being split off from it, or a run alone. */
function groupsOf(order: Order): { runs: Run[]; low: string }[] {
  const groups: { runs: Run[]; low: string }[] = [];
  for (const run of order.runs) {
    if (run.id === order.moving && groups.length > 0) groups.at(-1)!.runs.push(run);
    else groups.push({ runs: [run], low: run.low });
  }
  return groups;
}

const READ_ATTEMPTS = 5;
const RELAYOUT_WAITS = 50;
/** A page that filters out most tasks stops after this many runs, and says where it stopped. */
const MAX_RUNS_PER_PAGE = 12;

export interface OrderPage {
  tasks: TaskRow[];
  /** The sort key the next page starts after, or null at the end of the list. */
  next: string | null;
}

/**
 * Up to `limit` tasks that pass `keep`, in order, after the sort key `after` (exclusive). A
 * page that examined MAX_RUNS_PER_PAGE runs may hold fewer; `next` then continues the scan.
 */
export async function readOrderPage(
  { db }: Pick<Deps, 'db'>,
  key: string,
  { after, limit, keep, until = null }: ReadOptions,
): Promise<OrderPage> {
  for (let attempt = 0; ; attempt++) {
    const order = await readOrder(db, key);
    if (!order) return { tasks: [], next: null };
    if (order.relayout) {
      // Every task is getting a new position and run: a moment, then read again.
      if (attempt >= RELAYOUT_WAITS) throw new AppError('BUSY');
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    const page = await readGroups(db, key, order, { after, limit, keep, until });
    // A split or a relayout that began after the order was read may have moved tasks out of the
    // runs read: the version tells, and the page is read again.
    const now = await db.orm.taskOrders.where({ key }).select('version').first();
    if (now?.version === order.version || attempt >= READ_ATTEMPTS) return page;
  }
}

interface ReadOptions {
  after: string | null;
  limit: number;
  keep: (task: TaskRow) => boolean;
  /** The largest sort key the page may reach ("Upcoming" ends a week ahead); null: the end. */
  until?: string | null;
}

async function readGroups(
  db: Db,
  key: string,
  order: Order,
  { after, limit, keep, until = null }: ReadOptions,
): Promise<OrderPage> {
  const groups = groupsOf(order);
  let g = 0;
  if (after !== null) while (g + 1 < groups.length && groups[g + 1]!.low <= after) g++;
  const found: TaskRow[] = [];
  let scanned: string | null = after;
  let runsRead = 0;
  while (g < groups.length) {
    // Enough groups at once for the page, by their sizes, and at least one.
    let h = g;
    let expected = groups[g]!.runs.reduce((sum, run) => sum + run.size, 0);
    while (h + 1 < groups.length && expected < limit + 1 - found.length && runsRead + h - g < MAX_RUNS_PER_PAGE) {
      h++;
      expected += groups[h]!.runs.reduce((sum, run) => sum + run.size, 0);
    }
    const runs = groups.slice(g, h + 1).flatMap((group) => group.runs);
    runsRead += runs.length;
    const bound = groups[h + 1]?.low ?? null;
    const field = fieldOf(key);
    const rows = (await Promise.all(runs.map((run) => readRun(db, field, run.id)))).flat();
    const inRange = rows
      .map((row) => ({ row, sort: orderKeyOf(key, row) }))
      .filter(({ sort }) => (after === null || sort > after) && (bound === null || sort < bound))
      .sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
    for (const { row, sort } of inRange) {
      if (until !== null && sort > until) return { tasks: found, next: null };
      scanned = sort;
      if (!keep(row)) continue;
      found.push(row);
      if (found.length > limit) return { tasks: found.slice(0, limit), next: orderKeyOf(key, found[limit - 1]!) };
    }
    g = h + 1;
    if (runsRead >= MAX_RUNS_PER_PAGE && g < groups.length) {
      // A sparse filter: what was scanned is done with, whether or not anything matched.
      const last = found.length === limit ? orderKeyOf(key, found[limit - 1]!) : (scanned ?? groups[g]!.low);
      return { tasks: found, next: last };
    }
  }
  return { tasks: found, next: null };
}

/**
 * What a write to a list's order may do while holding its lock: find the run for a sort key,
 * count tasks in and out, and learn the top position. `save` writes the order back, splitting
 * a run that has grown to SPLIT_AT first.
 */
export interface OrderEdit {
  runFor(key: string): Run;
  added(runId: string): void;
  removed(runId: string): void;
  top(): string | null;
  setTop(position: string): void;
  /** Lays the list out anew once `work` is done (its positions have grown too long). */
  relayout(): void;
}

/** Runs `work` under the order's lock, then saves what it changed (one write). */
export function editOrder<T>(deps: Pick<Deps, 'db' | 'clock'>, key: string, work: (edit: OrderEdit) => Promise<T>): Promise<T> {
  return editOrders(deps, [key], (edits) => work(edits.get(key)!));
}

/**
 * Several orders' locks, taken in the locks' order (so that two writes never wait on each
 * other), then `work` with each order's edit by its key. A list's orders share one lock.
 */
export function editOrders<T>(
  deps: Pick<Deps, 'db' | 'clock'>,
  keys: string[],
  work: (edits: Map<string, OrderEdit>) => Promise<T>,
): Promise<T> {
  const byLock = new Map<string, string[]>();
  for (const key of new Set(keys)) byLock.set(lockOf(key), [...(byLock.get(lockOf(key)) ?? []), key]);
  const locks = [...byLock.keys()].sort();
  // Every lock first, in key order (two writers never wait on each other), then every order read
  // at once: one round trip for all of them, not one per lock.
  const underAll = async (): Promise<T> => {
    const opened = await Promise.all([...byLock.values()].flat().map((key) => openOrder(deps, key)));
    const result = await work(new Map(opened.map(({ key, edit }) => [key, edit])));
    // Saved at once (each its own document), then split one after the other: two orders'
    // splits may move the same task.
    await Promise.all(opened.map(({ save }) => save()));
    for (const { finish } of opened) await finish();
    return result;
  };
  return withLocks(
    deps,
    locks.map((lock) => `order:${lock}`),
    underAll,
    { attempts: 200 },
  );
}

/**
 * `work` under a list's order lock, without reading its order: a rename, an archiving or a move
 * in the sidebar writes the list's document, which task writes count in under that lock, and
 * FerretDB loses one of two updates of one document at once.
 */
export function withListLock<T>(deps: Pick<Deps, 'db' | 'clock'>, listId: string, work: () => Promise<T>): Promise<T> {
  return withLock(deps, `order:list:${listId}`, work, { attempts: 200 });
}

/** The organisation an order belongs to, for one begun by its first task. */
async function organisationOf(db: Db, key: string): Promise<string> {
  if (lockOf(key) === key) return key.split(':')[1]!;
  const list = await db.orm.taskOrders
    .where({ key: lockOf(key) })
    .select('organisationId')
    .first();
  if (!list) throw new AppError('NOT_FOUND'); // the list was deleted
  return String(list.organisationId);
}

/**
 * An order read under its lock, part-way work finished; `save` writes what changed, then
 * `finish` lays the list out anew or splits a full run.
 */
async function openOrder(
  deps: Locking,
  key: string,
): Promise<{ key: string; edit: OrderEdit; save: () => Promise<void>; finish: () => Promise<void> }> {
  const { db } = deps;
  let order = await readOrder(db, key);
  if (!order && fieldOf(key) !== 'listRun') {
    // A person's first assigned task, an organisation's first due day, a list's first task: the order begins empty.
    await createOrder(db, key, await organisationOf(db, key));
    order = await readOrder(db, key);
  }
  if (!order) throw new AppError('NOT_FOUND'); // the list was deleted
  const opened = order;
  let changed = false;
  let relayoutWanted = false;
  if (opened.relayout) await relayout(deps, key, opened); // one that stopped part-way
  if (opened.moving) {
    await finishMove(deps, key, opened); // a split that stopped part-way
    opened.moving = null;
    changed = true;
  }
  const edit: OrderEdit = {
    runFor: (sort) => runFor(opened, sort),
    added: (id) => {
      const run = opened.runs.find((r) => r.id === id);
      if (run) run.size++;
      changed = true;
    },
    removed: (id) => {
      const run = opened.runs.find((r) => r.id === id);
      if (run) run.size = Math.max(0, run.size - 1);
      changed = true;
    },
    top: () => opened.top,
    setTop: (position) => {
      opened.top = position;
      changed = true;
    },
    relayout: () => {
      relayoutWanted = true;
    },
  };
  const finish = async () => {
    if (relayoutWanted) {
      const rows = await db.orm.tasks
        .where({ listId: key.slice('list:'.length) })
        .select('_id', 'position')
        .all();
      opened.relayout = rows
        .map((row) => ({ id: String(row._id), key: sortKey(row.position, String(row._id)) }))
        .sort((a, b) => (a.key < b.key ? -1 : 1))
        .map((row) => row.id);
      await save(db, key, opened);
      await relayout(deps, key, opened);
      return;
    }
    const full = opened.runs.find((run) => run.size >= SPLIT_AT);
    if (full) await split(deps, key, opened, full);
  };
  return { key, edit, save: async () => (changed ? save(db, key, opened) : undefined), finish };
}

function runFor(order: Order, key: string): Run {
  let found = order.runs[0]!;
  for (const run of order.runs) if (run.low <= key) found = run;
  return found;
}

async function save(db: Db, key: string, order: Order): Promise<void> {
  order.version++;
  const runs = JSON.stringify({ runs: order.runs, moving: order.moving, relayout: order.relayout });
  await db.orm.taskOrders.where({ key }).update({ runs, top: order.top, version: order.version });
}

/**
 * Gives the tasks recorded in `order.relayout` even, short positions in that order, and runs
 * of RUN_SIZE. Repeatable: the order was recorded before any task changed.
 */
async function relayout(deps: Locking, key: string, order: Order): Promise<void> {
  const { db } = deps;
  const ids = order.relayout!;
  const positions = generateNKeysBetween(null, null, ids.length);
  const { runs, runOf } = layOutRuns(ids.map((id, i) => sortKey(positions[i]!, id)));
  for (let i = 0; i < ids.length; i += 20) {
    await Promise.all(
      ids
        .slice(i, i + 20)
        .map((id, j) =>
          updateTaskAlone(deps, id, () =>
            db.orm.tasks.where({ _id: id }).update({ position: positions[i + j]!, listRun: runOf[i + j]! }),
          ),
        ),
    );
  }
  order.runs = runs;
  order.moving = null;
  order.relayout = null;
  order.top = positions[0] ?? null;
  await save(db, key, order);
}

/** The upper half of `run` moves to a new run after it; readers read both while it moves. */
async function split(deps: Locking, key: string, order: Order, run: Run): Promise<void> {
  const { db } = deps;
  const rows = await readRun(db, fieldOf(key), run.id);
  const keys = rows.map((row) => orderKeyOf(key, row)).sort();
  if (keys.length < SPLIT_AT) {
    run.size = keys.length; // counts drift when a write stops half-way: the run is measured
    await save(db, key, order);
    return;
  }
  const upper = keys.slice(Math.floor(keys.length / 2));
  const added: Run = { id: newRunId(), low: upper[0]!, size: upper.length };
  run.size = keys.length - upper.length;
  order.runs.splice(order.runs.indexOf(run) + 1, 0, added);
  order.moving = added.id;
  await save(db, key, order);
  await finishMove(deps, key, order);
  order.moving = null;
  await save(db, key, order);
}

/** Moves into the run named `moving` every task of the run before it whose key belongs there. */
async function finishMove(deps: Locking, key: string, order: Order): Promise<void> {
  const { db } = deps;
  const index = order.runs.findIndex((run) => run.id === order.moving);
  const to = order.runs[index];
  const from = order.runs[index - 1];
  if (!to || !from) return;
  const field = fieldOf(key);
  const moving = (await readRun(db, field, from.id)).filter((row) => orderKeyOf(key, row) >= to.low);
  for (let i = 0; i < moving.length; i += 20) {
    await Promise.all(moving.slice(i, i + 20).map((row) => moveToRun(deps, field, String(row._id), to.id)));
  }
}

/** Every task in an order (a person's assigned tasks when they leave): all its runs. */
export async function tasksInOrder({ db }: Pick<Deps, 'db'>, key: string): Promise<TaskRow[]> {
  const order = await readOrder(db, key);
  if (!order) return [];
  return (await Promise.all(order.runs.map((run) => readRun(db, fieldOf(key), run.id)))).flat();
}
