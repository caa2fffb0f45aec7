import { ObjectId, type Document } from 'mongodb';
import type { Deps } from '../deps';
import { deleteInBatches } from './batch-delete';
import { withLock } from './locks';
import { searchOrder, wordEntries } from './task-words.mjs';

export interface WordHit {
  /** "<created ISO time> <task id>" */
  at: string;
  /** The task's distinct words; null when too many to keep on an entry. */
  words: string[] | null;
}

type Indexed = { _id: ObjectId | string; organisationId: ObjectId | string; title: string; notes: string; createdAt: Date };

/** The task id in an entry's `at`. */
export const taskIdOf = (at: string) => at.slice(at.lastIndexOf(' ') + 1);

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
export async function reindexTask(deps: Pick<Deps, 'db' | 'clock'>, task: { _id: string; createdAt: Date }): Promise<void> {
  await withLock(
    deps,
    `words:${task._id}`,
    async () => {
      const now = await deps.db.orm.tasks
        .where({ _id: task._id })
        .select('organisationId', 'title', 'notes', 'createdAt')
        .first();
      await deps.db.mongo.collection('taskWords').deleteMany({ at: searchOrder(task.createdAt, task._id) });
      if (now) await indexNewTask(deps, { ...now, _id: task._id });
    },
    { attempts: 200 },
  );
}

/** The entries of a key: one equality filter, as FerretDB pushes into PostgreSQL. */
export async function readWordKey({ db }: Pick<Deps, 'db'>, key: string): Promise<WordHit[]> {
  const rows = await db.mongo
    .collection('taskWords')
    .find({ key }, { projection: { _id: 0, at: 1, words: 1 } })
    .toArray();
  return rows.map((row) => ({
    at: String(row['at']),
    words: typeof row['words'] === 'string' ? row['words'].split(' ') : null,
  }));
}

/**
 * Deletes the tasks a filter selects (a list's, an organisation's) a batch at a time, each
 * batch's entries leaving the index before its tasks, with their comments and history unless
 * the caller removes those itself (`talk: false`: an organisation's, by organisation).
 */
export async function deleteTasksWithWords(
  deps: Pick<Deps, 'db'>,
  filter: Document,
  { talk = true }: { talk?: boolean } = {},
): Promise<void> {
  await deleteInBatches(deps.db, 'tasks', filter, {
    fields: ['createdAt'],
    run: async (batch) => {
      for (let i = 0; i < batch.length; i += 20) {
        const tasks = batch.slice(i, i + 20);
        await Promise.all([
          ...tasks.map((task) =>
            deps.db.mongo.collection('taskWords').deleteMany({ at: searchOrder(task['createdAt'] as Date, String(task._id)) }),
          ),
          talk
            ? deleteTaskTalk(
                deps,
                tasks.map((task) => String(task._id)),
              )
            : null,
        ]);
      }
    },
  });
}

/** The comments on some tasks and their history: they go with the tasks. */
export async function deleteTaskTalk(deps: Pick<Deps, 'db'>, taskIds: string[]): Promise<void> {
  await Promise.all(
    taskIds.flatMap((id) => [
      deps.db.mongo.collection('taskComments').deleteMany({ taskId: new ObjectId(id) }),
      deps.db.mongo.collection('taskActivity').deleteMany({ taskId: new ObjectId(id) }),
    ]),
  );
}
