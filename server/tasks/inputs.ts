import { z } from 'zod';
import { CURSOR_PATTERN } from '../store/task-shelves';

export const idInput = z.string({ error: 'An id is required.' }).regex(/^[0-9a-f]{24}$/, 'This is not a valid id.');

const title = z
  .string({ error: 'Give the task a title.' })
  .trim()
  .min(1, 'Give the task a title.')
  .max(200, 'A title has at most 200 characters.');
const notes = z.string().max(5000, 'Notes have at most 5,000 characters.');
const dueDate = z.iso.date({ error: 'Use a date like 2026-12-31.' }).nullable();

export const listTasksInput = z
  .object({
    cursor: z.string().regex(CURSOR_PATTERN, 'Not a valid cursor.').optional(),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .default({ limit: 50 });
export const createTaskInput = z.object({ title, notes: notes.default(''), dueDate: dueDate.optional() });
export const updateTaskInput = z.object({
  id: idInput,
  title: title.optional(),
  notes: notes.optional(),
  dueDate: dueDate.optional(),
});
export const toggleTaskInput = z.object({ id: idInput, done: z.boolean({ error: 'done must be true or false.' }) });
export const deleteTaskInput = z.object({ id: idInput });
