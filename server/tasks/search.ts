import type { Deps } from '../deps';
import type { Member } from '../organisation/membership';
import { AppError } from '../errors';
import { todayIn } from '../organisation/time-zone';
import { readWordKey, reindexTask, taskIdOf, type WordHit } from '../store/task-search';
import { matches, monthOf, PREFIX_MAX, searchOrder, startsWords, wordKey, wordsOf } from '../store/task-words.mjs';
import type { TaskRow } from '../store/task-order';
import { decodeCursor } from './cursor';
import { archivedLists, pageView, type TaskView } from './tasks';

/** At most this many months are read at once, newest first. */
const MONTHS_AT_ONCE = 8;

/** The months from `to` back to `from`, newest first ("YYYY-MM"). */
function monthsBack(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = to.split('-').map(Number) as [number, number];
  for (let m = to; m >= from;) {
    months.push(m);
    month -= 1;
    if (month === 0) [year, month] = [year - 1, 12];
    m = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
  }
  return months;
}

/**
 * The index entries of one month's tasks that hold every typed word, newest first: those of
 * the longest typed word (the rarest), checked against the words each entry carries. An entry
 * without words (a task with very long notes) is kept, to be checked on the task.
 */
async function hitsIn(deps: Deps, organisationId: string, month: string, typed: string[]): Promise<WordHit[]> {
  const longest = [...typed].sort((a, b) => Array.from(b).length - Array.from(a).length)[0]!;
  const entries = await readWordKey(deps, wordKey(organisationId, month, Array.from(longest).slice(0, PREFIX_MAX).join('')));
  const unique = new Map(
    entries.filter((entry) => entry.words === null || startsWords(typed, entry.words)).map((entry) => [entry.at, entry]),
  );
  return [...unique.values()].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}

/** Entries this old whose task is gone were left by a crash (a create or a delete stopped half-way). */
const ORPHAN_AFTER_MS = 10 * 60_000;

/**
 * Removes the entries of tasks that are gone, as a search meets them: a crash between a task's
 * entries and the task (creating: entries first; deleting: the task first) leaves entries that
 * are never shown, but keep the task's words. Younger ones may be a create under way.
 */
async function dropOrphans(deps: Deps, hits: WordHit[]): Promise<void> {
  const old = hits.filter((hit) => deps.clock().getTime() - Date.parse(hit.at.slice(0, hit.at.indexOf(' '))) > ORPHAN_AFTER_MS);
  await Promise.all(
    old.map((hit) => reindexTask(deps, { _id: taskIdOf(hit.at), createdAt: new Date(hit.at.slice(0, hit.at.indexOf(' '))) })),
  );
}

/**
 * Tasks of the caller's organisation where every word typed starts a word of the title or
 * notes (accents and case aside), newest first; archived lists left out. Reads the words index
 * a month at a time (server/store/task-search.ts), then each candidate task by _id, and checks
 * it: an entry left by an edit under way never shows a task that does not match.
 */
export async function searchTasks(
  deps: Deps,
  member: Member,
  { query, cursor, limit }: { query: string; cursor?: string | undefined; limit: number },
): Promise<{ tasks: TaskView[]; nextCursor: string | null; today: string }> {
  const { db, clock } = deps;
  const today = todayIn(member.timeZone, clock());
  const typed = [...new Set(wordsOf(query))];
  if (typed.length === 0) throw new AppError('SEARCH_EMPTY');
  const after = cursor ? decodeCursor(cursor) : null;
  const [organisation, archived] = await Promise.all([
    db.orm.organisations.where({ _id: member.organisationId }).select('searchFrom', 'createdAt').first(),
    archivedLists(db, member.organisationId),
  ]);
  if (!organisation) throw new AppError('NOT_FOUND');
  const newest = after ? after.slice(0, 7) : monthOf(clock());
  const months = monthsBack(organisation.searchFrom ?? monthOf(organisation.createdAt), newest);

  const found: TaskRow[] = [];
  // One month first (a common word fills a page from it), then twice as many at once each time.
  for (let m = 0, size = 1; m < months.length && found.length <= limit; m += size, size = Math.min(size * 2, MONTHS_AT_ONCE)) {
    const group = months.slice(m, m + size);
    const hits = (await Promise.all(group.map((month) => hitsIn(deps, member.organisationId, month, typed)))).flat();
    const candidates = after ? hits.filter((hit) => hit.at < after) : hits;
    for (let i = 0; i < candidates.length && found.length <= limit;) {
      const chunk = candidates.slice(i, i + limit + 1 - found.length);
      i += chunk.length;
      const rows = (await Promise.all(
        chunk.map((hit) => db.orm.tasks.where({ _id: taskIdOf(hit.at) }).first()),
      )) as (TaskRow | null)[];
      await dropOrphans(
        deps,
        chunk.filter((_, j) => !rows[j]),
      );
      for (const row of rows) {
        if (!row || String(row.organisationId) !== member.organisationId) continue;
        if (archived.has(String(row.listId)) || !matches(typed, row)) continue;
        found.push(row);
      }
    }
  }
  const page = found.slice(0, limit);
  const last = page.at(-1);
  const next = found.length > limit && last ? searchOrder(last.createdAt, String(last._id)) : null;
  return { ...(await pageView(db, { tasks: page, next })), today };
}
