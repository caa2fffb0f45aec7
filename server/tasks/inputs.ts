import { z } from 'zod';
import { cursorInput } from './cursor';

export const idInput = z.string({ error: 'An id is required.' }).regex(/^[0-9a-f]{24}$/, 'This is not a valid id.');

const title = z
  .string({ error: 'Give the task a title.' })
  .trim()
  .min(1, 'Give the task a title.')
  .max(200, 'A title has at most 200 characters.');
const notes = z.string().max(5000, 'Notes have at most 5,000 characters.');
const dueDate = z.iso.date({ error: 'Use a date like 2026-12-31.' }).nullable();
const listName = z
  .string({ error: 'Give the list a name.' })
  .trim()
  .min(1, 'Give the list a name.')
  .max(100, 'A list name has at most 100 characters.');

// Without a list, the organisation's first.
export const listTasksInput = z
  .object({
    listId: idInput.optional(),
    cursor: cursorInput.optional(),
    limit: z.number().int().min(1).max(100).default(50),
    show: z.enum(['all', 'open', 'done']).default('all'),
    // A member's tasks, or (null) those assigned to nobody; absent: anyone's.
    assigneeId: idInput.nullable().optional(),
    // The list's own order, by due day (none last), or newest first.
    sort: z.enum(['manual', 'due', 'created']).default('manual'),
  })
  .default({ limit: 50, show: 'all', sort: 'manual' });
export const createTaskInput = z.object({
  assigneeId: idInput.nullable().optional(),
  listId: idInput.optional(),
  title,
  notes: notes.default(''),
  dueDate: dueDate.optional(),
});
export const updateTaskInput = z.object({
  id: idInput,
  title: title.optional(),
  notes: notes.optional(),
  dueDate: dueDate.optional(),
  assigneeId: idInput.nullable().optional(),
});
export const toggleTaskInput = z.object({ id: idInput, done: z.boolean({ error: 'done must be true or false.' }) });
export const deleteTaskInput = z.object({ id: idInput });
export const moveTaskInput = z.object({
  id: idInput,
  listId: idInput,
  afterId: idInput.nullable(),
  beforeId: idInput.nullable(),
});

export const assignedToMeInput = z
  .object({
    cursor: cursorInput.optional(),
    limit: z.number().int().min(1).max(100).default(50),
    show: z.enum(['open', 'done']).default('open'),
    // Open tasks by due day (then creation), or newest first; done ones are always latest first.
    sort: z.enum(['due', 'created']).default('due'),
  })
  .default({ limit: 50, show: 'open', sort: 'due' });

export const upcomingInput = z
  .object({
    cursor: cursorInput.optional(),
    limit: z.number().int().min(1).max(100).default(50),
    assigneeId: idInput.optional(),
  })
  .default({ limit: 50 });

export const searchTasksInput = z.object({
  query: z.string({ error: 'Type a word to search for.' }).max(200, 'A search has at most 200 characters.'),
  cursor: cursorInput.optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const createListInput = z.object({ name: listName });
export const renameListInput = z.object({ id: idInput, name: listName });
export const moveListInput = z.object({ id: idInput, afterId: idInput.nullable() });
export const archiveListInput = z.object({ id: idInput, archived: z.boolean() });
export const deleteListInput = z.object({ id: idInput, confirmName: z.string().max(200) });

const commentBody = z
  .string({ error: 'Write a comment.' })
  .trim()
  .min(1, 'Write a comment.')
  .max(5000, 'A comment has at most 5,000 characters.');
// The members picked from the completion list; the body must name each one (server/tasks/comments.ts).
const mentions = z.array(idInput).max(20, 'A comment mentions at most 20 people.').default([]);
export const taskIdInput = z.object({ taskId: idInput });
export const addCommentInput = z.object({ taskId: idInput, body: commentBody, mentions });
export const editCommentInput = z.object({ id: idInput, body: commentBody, mentions });
export const deleteCommentInput = z.object({ id: idInput });
