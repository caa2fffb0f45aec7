// @ts-check
// The words index of tasks (server/store/task-search.ts). Plain JavaScript: db:apply's
// migration, which runs without TypeScript, indexes the tasks from before search by it too.
import { ObjectId } from 'mongodb';

/** A typed word longer than this is looked up by its first PREFIX_MAX letters, then checked on the task. */
export const PREFIX_MAX = 12;

/**
 * The words of a text as search compares them: accents taken off (NFKD, then the combining
 * marks dropped), lower case, split at everything that is not a letter or a digit.
 * @param {string} text
 * @returns {string[]}
 */
export const wordsOf = (text) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * The key that finds a prefix in an organisation's tasks created in one month (UTC): an entry
 * per key and task. A month bounds what one lookup reads as the organisation grows.
 * @param {string} organisationId
 * @param {string} month "YYYY-MM"
 * @param {string} prefix
 */
export const wordKey = (organisationId, month, prefix) => `${organisationId}:${month}:${prefix}`;

/**
 * The month (UTC, "YYYY-MM") of a date: of a task's entries, and where an organisation's search
 * begins and ends.
 * @param {Date} date
 */
export const monthOf = (date) => date.toISOString().slice(0, 7);

/**
 * Where a task sorts in search results (newest first): its creation time, then its id. The
 * month of its key is the first seven characters.
 * @param {Date} createdAt
 * @param {string} id
 */
export const searchOrder = (createdAt, id) => `${createdAt.toISOString()} ${id}`;

/** A task whose words take more than this many characters has none on its entries: a search reads it. */
export const WORDS_MAX = 300;

/**
 * Every prefix of every word of the title and notes, each once, up to PREFIX_MAX letters.
 * @param {{ title: string, notes: string }} task
 * @returns {Set<string>}
 */
export function prefixesOf({ title, notes }) {
  const prefixes = new Set();
  for (const word of wordsOf(`${title} ${notes}`)) {
    const letters = Array.from(word);
    for (let i = 1; i <= Math.min(letters.length, PREFIX_MAX); i++) prefixes.add(letters.slice(0, i).join(''));
  }
  return prefixes;
}

/**
 * The index entries of a task: the key, where the task sorts, and the task's words, so that a
 * search reads the entries of one typed word and checks the others on them.
 * @param {{ _id: ObjectId | string, organisationId: ObjectId | string, title: string, notes: string, createdAt: Date }} task
 */
export function wordEntries(task) {
  const at = searchOrder(task.createdAt, String(task._id));
  const month = at.slice(0, 7);
  const distinct = [...new Set(wordsOf(`${task.title} ${task.notes}`))].join(' ');
  const words = distinct.length <= WORDS_MAX ? distinct : null;
  return [...prefixesOf(task)].map((prefix) => ({
    _id: new ObjectId(),
    key: wordKey(String(task.organisationId), month, prefix),
    at,
    words,
  }));
}

/**
 * True when every typed word starts one of the words.
 * @param {string[]} typed words as wordsOf gives them
 * @param {string[]} words
 */
export const startsWords = (typed, words) => typed.every((word) => words.some((w) => w.startsWith(word)));

/**
 * True when every typed word starts a word of the task's title or notes.
 * @param {string[]} typed words as wordsOf gives them
 * @param {{ title: string, notes: string }} task
 */
export const matches = (typed, { title, notes }) => startsWords(typed, wordsOf(`${title} ${notes}`));
