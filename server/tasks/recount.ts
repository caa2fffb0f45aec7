import type { Document } from 'mongodb';
import type { Deps } from '../deps';
import { isAppErrorCode } from '../errors';
import { claimPeriod } from '../store/locks';
import { editOrder } from '../store/task-order';
import { listOrderKey } from '../store/task-runs.mjs';

/** Lists counted again per period, the least recently counted first. */
const PER_PERIOD = 5;

/**
 * Counts a list's tasks and open tasks again, under the list's order lock (every write that
 * changes them holds it, so nothing changes them meanwhile). The counts are written beside each
 * task, not in one transaction with it: a crash between the two leaves them off by one, and
 * this puts them right. False when the list is gone.
 */
export async function recountList(deps: Pick<Deps, 'db' | 'clock'>, listId: string): Promise<boolean> {
  const { db, clock } = deps;
  try {
    return await editOrder(deps, listOrderKey(listId), async () => {
      const tasks = await db.orm.tasks.where({ listId }).select('done').all();
      const open = tasks.filter((task) => !task.done).length;
      await db.orm.lists.where({ _id: listId }).update({ tasks: tasks.length, openTasks: open, countedAt: clock() });
      return true;
    });
  } catch (error) {
    if (isAppErrorCode(error, 'NOT_FOUND')) return false; // deleted meanwhile
    throw error;
  }
}

/**
 * The housekeeping's recount: once per period across the instances, the lists counted least
 * recently (never first). Returns how many were counted.
 */
export async function recountOncePerPeriod(deps: Pick<Deps, 'db' | 'clock'>, periodMs: number): Promise<number> {
  if (!(await claimPeriod(deps, 'recount-lists', periodMs))) return 0;
  return recountLeastRecent(deps, PER_PERIOD);
}

export async function recountLeastRecent(deps: Pick<Deps, 'db' | 'clock'>, count: number): Promise<number> {
  const lists = await deps.db.mongo
    .collection('lists')
    .find({}, { projection: { _id: 1, countedAt: 1 } })
    .toArray();
  const at = (list: Document) => (list['countedAt'] instanceof Date ? list['countedAt'].getTime() : 0);
  const due = lists.sort((a, b) => at(a) - at(b)).slice(0, count);
  let counted = 0;
  for (const list of due) if (await recountList(deps, String(list._id))) counted++;
  return counted;
}
