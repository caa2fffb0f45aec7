import { AppError } from '../errors';
import type { Member } from '../organisation/membership';
import type { Deps } from '../deps';
import { currentShelf, decodeCursor, encodeCursor, newestFirst, noteShelved, type Cursor } from '../store/task-shelves';
import { shelfKey } from '../store/task-shelving.mjs';
import { displayNameOf } from '../account/display-name';

export interface TaskView {
  id: string;
  title: string;
  notes: string;
  done: boolean;
  dueDate: string | null;
  createdBy: string;
  /** The creator's email, or "deleted user" once their account is gone. */
  author: string;
  createdAt: Date;
  updatedAt: Date;
}

interface TaskRow {
  _id: string;
  title: string;
  notes: string;
  done: boolean;
  dueDate: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

// A due date is a calendar day, not an instant: it travels as YYYY-MM-DD.
const toDay = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);
const fromDay = (day: string | null | undefined) => (day ? new Date(`${day}T00:00:00.000Z`) : null);

export const DELETED_USER = 'deleted user';

/** The authors of some tasks, each read by _id (at once): a page has few. */
async function authorsOf(db: Deps['db'], rows: { createdBy: string }[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((row) => row.createdBy))];
  const users = await Promise.all(ids.map((_id) => db.orm.users.where({ _id }).select('email', 'name').first()));
  return new Map(ids.map((id, i) => [id, users[i] ? displayNameOf(users[i]) : DELETED_USER]));
}

function view(row: TaskRow, authors: Map<string, string>): TaskView {
  return {
    id: row._id,
    title: row.title,
    notes: row.notes,
    done: row.done,
    dueDate: toDay(row.dueDate),
    createdBy: row.createdBy,
    author: authors.get(row.createdBy) ?? DELETED_USER,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A page of the organisation's tasks, newest first, read a shelf at a time (./shelves.ts). */
export async function listTasks(
  { db }: Deps,
  member: Member,
  { cursor, limit }: { cursor?: string | undefined; limit: number },
): Promise<{ tasks: TaskView[]; nextCursor: string | null }> {
  const after = cursor ? decodeCursor(cursor) : null;
  const rows: (TaskRow & { shelfNumber: number })[] = [];
  let shelf = after ? after.shelf : await currentShelf(db, member.organisationId);
  for (; shelf >= 0 && rows.length <= limit; shelf--) {
    const onShelf = await db.orm.tasks.where({ shelf: shelfKey(member.organisationId, shelf) }).all();
    const newer = onShelf.filter((row) => !after || shelf < after.shelf || isOlder(row, after)).sort(newestFirst);
    rows.push(...newer.map((row) => ({ ...row, shelfNumber: shelf })));
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const authors = await authorsOf(db, page);
  return {
    tasks: page.map((row) => view(row, authors)),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ shelf: last.shelfNumber, createdAt: last.createdAt.getTime(), id: last._id })
        : null,
  };
}

const isOlder = (row: TaskRow, than: Cursor) => newestFirst(row, { createdAt: new Date(than.createdAt), _id: than.id }) > 0;

export async function createTask(
  { db, clock }: Deps,
  member: Member,
  input: { title: string; notes: string; dueDate?: string | null | undefined },
): Promise<TaskView> {
  const now = clock();
  const shelf = await currentShelf(db, member.organisationId);
  const row = await db.orm.tasks.create({
    organisationId: member.organisationId,
    shelf: shelfKey(member.organisationId, shelf),
    title: input.title,
    notes: input.notes,
    done: false,
    dueDate: fromDay(input.dueDate),
    createdBy: member.userId,
    createdAt: now,
    updatedAt: now,
  });
  await noteShelved(db, member.organisationId, shelf);
  return view(row, new Map([[member.userId, member.email]]));
}

/** Changes a task of the caller's organisation; a task elsewhere is NOT_FOUND, and unchanged. */
export async function updateTask(
  { db, clock }: Deps,
  member: Member,
  id: string,
  changes: {
    title?: string | undefined;
    notes?: string | undefined;
    dueDate?: string | null | undefined;
    done?: boolean | undefined;
  },
): Promise<TaskView> {
  const set: { title?: string; notes?: string; dueDate?: Date | null; done?: boolean; updatedAt: Date } = { updatedAt: clock() };
  if (changes.title !== undefined) set.title = changes.title;
  if (changes.notes !== undefined) set.notes = changes.notes;
  if (changes.dueDate !== undefined) set.dueDate = fromDay(changes.dueDate);
  if (changes.done !== undefined) set.done = changes.done;
  await assertInOrganisation(db, member, id);
  const row = await db.orm.tasks.where({ _id: id }).update(set);
  if (!row) throw new AppError('NOT_FOUND');
  return view(row, await authorsOf(db, [row]));
}

export async function deleteTask({ db }: Deps, member: Member, id: string): Promise<void> {
  await assertInOrganisation(db, member, id);
  if ((await db.orm.tasks.where({ _id: id }).deleteAndCount()) !== 1) throw new AppError('NOT_FOUND');
}

/**
 * A task of another organisation (or none) is NOT_FOUND. Read by _id alone, then compared: a
 * filter on two fields would be evaluated by FerretDB over every task (docs/database.md), and
 * a task never changes organisation, so acting by _id after this check is as safe.
 */
async function assertInOrganisation(db: Deps['db'], member: Member, id: string): Promise<void> {
  const task = await db.orm.tasks.where({ _id: id }).select('organisationId').first();
  if (task?.organisationId !== member.organisationId) throw new AppError('NOT_FOUND');
}
