import { AppError } from '../errors';
import type { Deps } from '../deps';
import type { Member } from '../organisation/membership';
import { isMember } from '../store/memberships';
import { publish } from '../live/publish';
import { recordActivity } from './activity';
import { listOf } from './lists';
import { DELETED_USER, namesOf } from './names';
import { notifyPeople } from './notify';
import { consumeLimit, LIMITS } from '../auth/rate-limit';

export interface CommentView {
  id: string;
  taskId: string;
  authorId: string;
  /** The author's display name, or "deleted user". */
  author: string;
  body: string;
  /** The members it mentions, with their names as the body spells them. */
  mentions: { id: string; name: string }[];
  createdAt: Date;
  editedAt: Date | null;
}

/** The task, the caller's organisation's; any other is NOT_FOUND. */
async function taskOf(db: Deps['db'], member: Member, taskId: string) {
  const task = await db.orm.tasks.where({ _id: taskId }).select('_id', 'organisationId', 'listId', 'title').first();
  if (!task || String(task.organisationId) !== member.organisationId) throw new AppError('NOT_FOUND');
  return { id: String(task._id), listId: String(task.listId), title: task.title };
}

/** A task that takes comments: its list is not archived. */
async function openTaskOf(db: Deps['db'], member: Member, taskId: string) {
  const task = await taskOf(db, member, taskId);
  if ((await listOf(db, member, task.listId)).archived) throw new AppError('LIST_ARCHIVED');
  return task;
}

/**
 * The people a comment mentions: of those the author picked from the completion list, the
 * members whose display name the body spells as "@<name>". A picked id the body does not name,
 * or of someone outside the organisation, mentions nobody.
 */
async function mentionsIn(db: Deps['db'], member: Member, body: string, picked: string[]): Promise<string[]> {
  const ids = [...new Set(picked)];
  const names = await namesOf(db, ids);
  const named = ids.filter((id) => names.get(id) !== DELETED_USER && body.includes(`@${names.get(id)}`));
  const members = await Promise.all(named.map((id) => isMember(db, member.organisationId, id)));
  return named.filter((_, i) => members[i]);
}

const parsed = (mentions: string) => JSON.parse(mentions) as string[];

async function viewsOf(db: Deps['db'], rows: Awaited<ReturnType<typeof commentRows>>): Promise<CommentView[]> {
  const names = await namesOf(
    db,
    rows.flatMap((row) => [String(row.authorId), ...parsed(row.mentions)]),
  );
  const nameOf = (id: string) => names.get(id) ?? DELETED_USER;
  return rows.map((row) => ({
    id: String(row._id),
    taskId: String(row.taskId),
    authorId: String(row.authorId),
    author: nameOf(String(row.authorId)),
    body: row.body,
    mentions: parsed(row.mentions).map((id) => ({ id, name: nameOf(id) })),
    createdAt: row.createdAt,
    editedAt: row.editedAt ?? null,
  }));
}

const commentRows = (db: Deps['db'], taskId: string) => db.orm.taskComments.where({ taskId }).all();

/** A task's comments, oldest first. */
export async function listComments({ db }: Deps, member: Member, taskId: string): Promise<CommentView[]> {
  await taskOf(db, member, taskId);
  const rows = (await commentRows(db, taskId)).sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || String(a._id).localeCompare(String(b._id)),
  );
  return viewsOf(db, rows);
}

const told = (deps: Deps, member: Member, task: { id: string; listId: string }) =>
  publish(deps, member, 'comment.changed', { taskId: task.id, listId: task.listId });

/** Adds a comment; the people it mentions are emailed (server/tasks/notify.ts). */
export async function addComment(
  deps: Deps,
  member: Member,
  { taskId, body, mentions }: { taskId: string; body: string; mentions: string[] },
): Promise<CommentView> {
  const { db, clock } = deps;
  await consumeLimit(deps, LIMITS.commentsPerAccount, member.userId);
  const task = await openTaskOf(db, member, taskId);
  const mentioned = await mentionsIn(db, member, body, mentions);
  const row = await db.orm.taskComments.create({
    organisationId: member.organisationId,
    taskId,
    authorId: member.userId,
    body,
    mentions: JSON.stringify(mentioned),
    createdAt: clock(),
    editedAt: null,
  });
  await Promise.all([
    recordActivity(deps, member, taskId, 'commented'),
    told(deps, member, task),
    notifyPeople(deps, member, task, 'mentions', mentioned, body),
  ]);
  return (await viewsOf(db, [row]))[0]!;
}

/** The comment, the caller's own, on a task of the caller's organisation. */
async function ownComment(db: Deps['db'], member: Member, id: string) {
  const comment = await db.orm.taskComments.where({ _id: id }).first();
  if (!comment || String(comment.organisationId) !== member.organisationId) throw new AppError('NOT_FOUND');
  if (String(comment.authorId) !== member.userId) throw new AppError('FORBIDDEN');
  return comment;
}

/** Its author changes a comment; only people it now mentions for the first time are emailed. */
export async function editComment(
  deps: Deps,
  member: Member,
  { id, body, mentions }: { id: string; body: string; mentions: string[] },
): Promise<CommentView> {
  const { db, clock } = deps;
  await consumeLimit(deps, LIMITS.commentsPerAccount, member.userId);
  const comment = await ownComment(db, member, id);
  const task = await openTaskOf(db, member, String(comment.taskId));
  const mentioned = await mentionsIn(db, member, body, mentions);
  const updated = await db.orm.taskComments
    .where({ _id: id })
    .update({ body, mentions: JSON.stringify(mentioned), editedAt: clock() });
  if (!updated) throw new AppError('NOT_FOUND');
  const before = new Set(parsed(comment.mentions));
  await Promise.all([
    told(deps, member, task),
    notifyPeople(
      deps,
      member,
      task,
      'mentions',
      mentioned.filter((m) => !before.has(m)),
      body,
    ),
  ]);
  return (await viewsOf(db, [updated]))[0]!;
}

/** Its author deletes a comment. */
export async function deleteComment(deps: Deps, member: Member, id: string): Promise<void> {
  const { db } = deps;
  const comment = await ownComment(db, member, id);
  const task = await taskOf(db, member, String(comment.taskId));
  if ((await db.orm.taskComments.where({ _id: id }).deleteAndCount()) !== 1) throw new AppError('NOT_FOUND');
  await told(deps, member, task);
}
