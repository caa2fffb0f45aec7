import { generateNKeysBetween } from 'fractional-indexing';
import { ObjectId } from 'mongodb';
import type { Deps } from '../deps';
import { DERIVED, orderKeyOf } from './task-order';
import { layOutRuns, listOrderKey, sortKey } from './task-runs.mjs';
import { wordEntries } from './task-words.mjs';

export interface SeededTask {
  title: string;
  notes?: string;
  done?: boolean;
  createdAt: Date;
  dueDate?: Date | null;
  assigneeId?: string | null;
}

const byKey = <T extends { key: string }>(a: T, b: T) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Fills an organisation's empty lists with tasks, each list top first, as if each task had been
 * created and placed one by one: runs of every list's orders, of each assignee's "Assigned to
 * me" and of "Upcoming", counts and the words index. For the benchmarks and tests that need thousands;
 * not for lists in use (no lock).
 */
export async function fillLists(
  { db }: Pick<Deps, 'db'>,
  organisation: { organisationId: string; createdBy: string },
  lists: { listId: string; tasks: SeededTask[] }[],
): Promise<void> {
  const organisationId = new ObjectId(organisation.organisationId);
  const listOrders: { key: string; runs: unknown; top: string | null; listId: string; tasks: SeededTask[] }[] = [];
  const docs = lists.flatMap(({ listId, tasks }) => {
    const ids = tasks.map(() => new ObjectId());
    const positions = generateNKeysBetween(null, null, tasks.length);
    const { runs, runOf } = layOutRuns(ids.map((id, i) => sortKey(positions[i]!, id.toHexString())));
    listOrders.push({ key: listOrderKey(listId), runs, top: positions[0] ?? null, listId, tasks });
    return tasks.map((task, i) => ({
      _id: ids[i]!,
      organisationId,
      listId: new ObjectId(listId),
      title: task.title,
      notes: task.notes ?? '',
      done: task.done ?? false,
      dueDate: task.dueDate ?? null,
      position: positions[i]!,
      listRun: runOf[i]!,
      assigneeId: task.assigneeId ?? null,
      mineRun: null as string | null,
      dueRun: null as string | null,
      doneRun: null as string | null,
      mineNewRun: null as string | null,
      listDueRun: null as string | null,
      listNewRun: null as string | null,
      createdBy: new ObjectId(organisation.createdBy),
      completedAt: task.done ? task.createdAt : null,
      createdAt: task.createdAt,
      updatedAt: task.createdAt,
    }));
  });

  // The orders across lists, as a task written through the service would be in them.
  type Doc = (typeof docs)[number];
  const derived = new Map<string, { field: (typeof DERIVED)[number]['field']; tasks: Doc[] }>();
  for (const doc of docs) {
    for (const { of, field } of DERIVED) {
      const key = of({ ...doc, organisationId: organisation.organisationId, listId: doc.listId.toHexString() });
      if (!key) continue;
      const order = derived.get(key) ?? { field, tasks: [] };
      order.tasks.push(doc);
      derived.set(key, order);
    }
  }
  const derivedOrders = [...derived].map(([key, { field, tasks }]) => {
    const keyed = tasks.map((doc) => ({ doc, key: orderKeyOf(key, { ...doc, _id: doc._id.toHexString() }) })).sort(byKey);
    const { runs, runOf } = layOutRuns(keyed.map(({ key: k }) => k));
    keyed.forEach(({ doc }, i) => (doc[field] = runOf[i]!));
    return { key, runs };
  });

  for (let i = 0; i < docs.length; i += 1000) await db.mongo.collection('tasks').insertMany(docs.slice(i, i + 1000));
  const entries = docs.flatMap((doc) => wordEntries(doc));
  for (let i = 0; i < entries.length; i += 5000) {
    await db.mongo.collection('taskWords').insertMany(entries.slice(i, i + 5000), { ordered: false });
  }
  for (const { key, runs, top, listId, tasks } of listOrders) {
    await db.orm.taskOrders
      .where({ key })
      .update({ runs: JSON.stringify({ runs, moving: null, relayout: null }), top, version: 1 });
    await db.orm.lists
      .where({ _id: listId })
      .update({ tasks: tasks.length, openTasks: tasks.filter((task) => !task.done).length });
  }
  for (const { key, runs } of derivedOrders) {
    await db.mongo
      .collection('taskOrders')
      .updateOne(
        { key },
        { $set: { organisationId, runs: JSON.stringify({ runs, moving: null, relayout: null }), top: null, version: 1 } },
        { upsert: true },
      );
  }
}

/** One list of `fillLists`. */
export async function fillList(
  deps: Pick<Deps, 'db'>,
  list: { organisationId: string; listId: string; createdBy: string },
  tasks: SeededTask[],
): Promise<void> {
  await fillLists(deps, list, [{ listId: list.listId, tasks }]);
}
