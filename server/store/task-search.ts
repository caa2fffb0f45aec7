import { ObjectId } from 'mongodb';
import type { Deps } from '../deps';
import { deleteIdsInBatches } from './batch-delete';
import { withLock } from './locks';
import { wordEntries } from './task-words.mjs';

export interface WordHit {
  taskId: string;
  /** "<created ISO time> <task id>" */
  at: string;
}

type Indexed = { _id: ObjectId | string; organisationId: ObjectId | string; title: string; notes: string; createdAt: Date };

/** Puts a new task's words into the index (nobody else knows its id yet: no lock). */
export async function indexNewTask({ db }: Pick<Deps, 'db'>, task: Indexed): Promise<void> {
  const entries = wordEntries(task);
  if (entries.length > 0) await db.mongo.collection('taskWords').insertMany(entries, { ordered: false });
}

/**
 * Makes a task's entries match the task as it is now (none once it is gone). Under the task's
 * words lock and reading the task inside it, so that of two edits racing, the last indexing
 * reads the last write.
 */
export async function reindexTask(deps: Pick<Deps, 'db' | 'clock'>, taskId: string): Promise<void> {
  await withLock(
    deps,
    `words:${taskId}`,
    async () => {
      const task = await deps.db.orm.tasks.where({ _id: taskId }).select('organisationId', 'title', 'notes', 'createdAt').first();
      await deps.db.mongo.collection('taskWords').deleteMany({ taskId: new ObjectId(taskId) });
      if (task) await indexNewTask(deps, { ...task, _id: taskId });
    },
    { attempts: 200 },
  );
}

/** The entries of a key: one equality filter, as FerretDB pushes into PostgreSQL. */
export async function readWordKey({ db }: Pick<Deps, 'db'>, key: string): Promise<WordHit[]> {
  const rows = await db.mongo
    .collection('taskWords')
    .find({ key }, { projection: { _id: 0, taskId: 1, at: 1 } })
    .toArray();
  return rows.map((row) => ({ taskId: String(row['taskId']), at: String(row['at']) }));
}

/** Removes the entries of some tasks (a deleted list's), a few at a time. */
export async function unindexTasks({ db }: Pick<Deps, 'db'>, taskIds: string[]): Promise<void> {
  for (let i = 0; i < taskIds.length; i += 20) {
    await Promise.all(
      taskIds.slice(i, i + 20).map((id) => db.mongo.collection('taskWords').deleteMany({ taskId: new ObjectId(id) })),
    );
  }
}

/** Deletes a list's tasks a batch at a time, each batch's words leaving the index before its tasks. */
export async function deleteListTasks(deps: Pick<Deps, 'db'>, listId: string): Promise<void> {
  for (;;) {
    const batch = await deps.db.mongo
      .collection('tasks')
      .find({ listId: new ObjectId(listId) }, { projection: { _id: 1 }, limit: 1000 })
      .toArray();
    if (batch.length === 0) return;
    await unindexTasks(
      deps,
      batch.map(({ _id }) => String(_id)),
    );
    await deleteIdsInBatches(
      deps.db,
      'tasks',
      batch.map(({ _id }) => _id),
    );
  }
}
