import { generateNKeysBetween } from 'fractional-indexing';
import { ObjectId } from 'mongodb';
import type { Deps } from '../deps';
import { doneOrderKey, dueOrderKey, mineNewOrderKey, mineOrderKey } from './task-order';
import { doneSortKey, dueSortKey, layOutRuns, listOrderKey, sortKey } from './task-runs.mjs';
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
 * created and placed one by one: runs of every list, of each assignee's "Assigned to me" and
 * of "Upcoming", counts and the words index. For the benchmarks and tests that need thousands;
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
      createdBy: new ObjectId(organisation.createdBy),
      completedAt: task.done ? task.createdAt : null,
      createdAt: task.createdAt,
      updatedAt: task.createdAt,
    }));
  });

  // The orders across lists: each assignee's open and done tasks, and the open tasks with a due day.
  type Field = 'mineRun' | 'mineNewRun' | 'dueRun' | 'doneRun';
  const derived = new Map<string, { field: Field; tasks: (typeof docs)[number][] }>();
  for (const doc of docs) {
    const orgId = organisation.organisationId;
    const into = doc.done
      ? doc.assigneeId
        ? [{ key: doneOrderKey(orgId, doc.assigneeId), field: 'doneRun' as const }]
        : []
      : [
          ...(doc.assigneeId
            ? [
                { key: mineOrderKey(orgId, doc.assigneeId), field: 'mineRun' as const },
                { key: mineNewOrderKey(orgId, doc.assigneeId), field: 'mineNewRun' as const },
              ]
            : []),
          ...(doc.dueDate ? [{ key: dueOrderKey(orgId), field: 'dueRun' as const }] : []),
        ];
    for (const { key, field } of into) {
      const order = derived.get(key) ?? { field, tasks: [] };
      order.tasks.push(doc);
      derived.set(key, order);
    }
  }
  const derivedOrders = [...derived].map(([key, { field, tasks }]) => {
    const keyOf = (doc: (typeof docs)[number]) =>
      field === 'doneRun'
        ? doneSortKey(doc.completedAt ?? doc.createdAt, doc._id.toHexString())
        : field === 'mineNewRun'
          ? doneSortKey(doc.createdAt, doc._id.toHexString())
          : dueSortKey(doc.dueDate, doc.createdAt, doc._id.toHexString());
    const keyed = tasks.map((doc) => ({ doc, key: keyOf(doc) })).sort(byKey);
    const { runs, runOf } = layOutRuns(keyed.map(({ key }) => key));
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
