import type { Database } from '@/prisma/db';
import { SHELF_SIZE, shelfCounterFor } from './task-shelving.mjs';

/*
 * An organisation's tasks sit on numbered shelves of about SHELF_SIZE each, newest on the
 * highest. A page reads a shelf or two by (organisationId, shelf) and sorts those: on
 * FerretDB, which sorts in memory every document a filter matches, sorting the whole
 * organisation cost 37 µs per task (docs/database.md). The list's order is shelf, then
 * creation time, newest first; only tasks created in the same millisecond as a shelf turns
 * over can differ from pure creation order.
 */

/** What a new organisation starts with: shelf 0, empty. */
export const NO_SHELVES = shelfCounterFor(0);

/** The shelf a new task of the organisation goes on. */
export async function currentShelf(db: Database, organisationId: string): Promise<number> {
  const organisation = await db.orm.organisations.where({ _id: organisationId }).select('taskShelf').first();
  return organisation?.taskShelf ?? 0;
}

/**
 * Counts a task just put on `shelf`, and starts the next shelf once this one is full. The
 * count is not atomic on FerretDB: concurrent creations can overfill a shelf by a few, which
 * only makes its page read a little longer.
 */
export async function noteShelved(db: Database, organisationId: string, shelf: number): Promise<void> {
  const organisation = await db.orm.organisations.where({ _id: organisationId }).update((o) => [o.taskShelfFill.inc(1)]);
  if (organisation && organisation.taskShelf === shelf && organisation.taskShelfFill >= SHELF_SIZE) {
    await db.orm.organisations.where({ _id: organisationId }).update({ taskShelf: shelf + 1, taskShelfFill: 0 });
  }
}

/** Where a page ended: the last task's shelf, creation time and id, as one opaque string. */
export interface Cursor {
  shelf: number;
  createdAt: number;
  id: string;
}

export const CURSOR_PATTERN = /^\d{1,9}:\d{1,15}:[0-9a-f]{24}$/;

export const encodeCursor = (c: Cursor) => `${c.shelf}:${c.createdAt}:${c.id}`;

export function decodeCursor(cursor: string): Cursor {
  const [shelf, createdAt, id] = cursor.split(':');
  return { shelf: Number(shelf), createdAt: Number(createdAt), id: id! };
}

/** Newest first: creation time, then id (ObjectIds grow with time) for tasks of one millisecond. */
export function newestFirst(a: { createdAt: Date; _id: string }, b: { createdAt: Date; _id: string }): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);
}
