'use client';
import { useMutation, useQueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';
import type { TaskView } from './api-types';
import { describeError } from './errors';
import { useTRPC } from './trpc';

type Page = { tasks: TaskView[]; nextCursor: string | null };
/** What a list's page shows: open or done tasks, a person's (or, null, nobody's); absent: all. */
export interface TaskFilter {
  show?: 'open' | 'done' | undefined;
  assigneeId?: string | null | undefined;
  /** Unset: the list's manual order. */
  sort?: 'due' | 'created' | undefined;
}
/** A list's page; a filter left unset is not in the key, so an unfiltered page has one key. */
export const taskPage = (listId: string, { show, assigneeId, sort }: TaskFilter = {}) => ({
  listId,
  limit: 50,
  ...(show ? { show } : {}),
  ...(assigneeId !== undefined ? { assigneeId } : {}),
  ...(sort ? { sort } : {}),
});
export const MINE_PAGE = { limit: 50 };
/** A list's tasks, or a view across lists ("Assigned to me", "Upcoming", a search) by its query's key. */
export type TaskViewKind = { listId: string; filter?: TaskFilter } | { view: QueryKey };
/** Ids of tasks shown before the server has saved them. */
export const PENDING = 'pending-';

const mapTasks = (pages: Page[], fn: (task: TaskView) => TaskView | null) =>
  pages.map((page) => ({ ...page, tasks: page.tasks.flatMap((task) => fn(task) ?? []) }));

/**
 * Create, edit, complete, move and delete with optimistic updates: the list changes at once,
 * and if the server refuses, it rolls back and says why. The sidebar's counts follow.
 */
export function useTaskMutations(shown: TaskViewKind) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const listId = 'listId' in shown ? shown.listId : null;
  // Every view caches pages of the same shape: the one shown changes at once.
  const key: QueryKey = 'view' in shown ? shown.view : trpc.task.list.infiniteQueryKey(taskPage(shown.listId, shown.filter));
  const readCache = () => queryClient.getQueryData<InfiniteData<Page, string | null>>(key);
  const writePages = (fn: (pages: Page[]) => Page[]) => {
    const cached = readCache();
    if (cached) queryClient.setQueryData(key, { ...cached, pages: fn(cached.pages) });
  };
  type Snapshot = { previous: ReturnType<typeof readCache>; draftId: string };

  function optimistic<TInput>(apply: (pages: Page[], input: TInput, draftId: string) => Page[]) {
    return {
      onMutate: async (input: TInput): Promise<Snapshot> => {
        setProblem(null);
        await queryClient.cancelQueries({ queryKey: key });
        const previous = readCache();
        const draftId = `${PENDING}${crypto.randomUUID()}`;
        writePages((pages) => apply(pages, input, draftId));
        return { previous, draftId };
      },
      onError: (error: unknown, _input: TInput, context: Snapshot | undefined) => {
        if (context?.previous) queryClient.setQueryData(key, context.previous);
        setProblem(`Your change was not saved and has been undone: ${describeError(error).message}`);
      },
      // Every view of tasks may hold the task (a list and "Assigned to me"), and the counts.
      onSettled: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.task.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.list.all.queryKey() }),
        ]),
    };
  }

  const create = useMutation(
    trpc.task.create.mutationOptions({
      ...optimistic((pages, input: { listId?: string; title: string }, draftId) => {
        const now = new Date().toISOString();
        const draft: TaskView = {
          id: draftId,
          listId: input.listId ?? listId ?? '',
          completedAt: null,
          assigneeId: null,
          assignee: null,
          title: input.title.trim(),
          notes: '',
          done: false,
          dueDate: null,
          createdBy: '',
          author: 'you',
          createdAt: now,
          updatedAt: now,
        };
        const [first, ...rest] = pages;
        return first ? [{ ...first, tasks: [draft, ...first.tasks] }, ...rest] : pages;
      }),
      // The saved task takes its draft's place, so the list does not jump.
      onSuccess: (saved, _input, context) =>
        writePages((pages) => mapTasks(pages, (t) => (t.id === context?.draftId ? saved : t))),
    }),
  );
  const toggle = useMutation(
    trpc.task.toggle.mutationOptions(
      optimistic((pages, input: { id: string; done: boolean }) =>
        mapTasks(pages, (t) => (t.id === input.id ? { ...t, done: input.done } : t)),
      ),
    ),
  );
  const update = useMutation(
    trpc.task.update.mutationOptions(
      optimistic(
        (pages, input: { id: string; title?: string; notes?: string; dueDate?: string | null; assigneeId?: string | null }) =>
          mapTasks(pages, (t) => (t.id === input.id ? { ...t, ...input, title: input.title?.trim() ?? t.title } : t)),
      ),
    ),
  );
  // Within the list: the task takes its new place; to another list: it leaves this one.
  const move = useMutation(
    trpc.task.move.mutationOptions(
      optimistic((pages, input: { id: string; listId: string; afterId: string | null; beforeId: string | null }) => {
        const moving = pages.flatMap((page) => page.tasks).find((t) => t.id === input.id);
        const without = mapTasks(pages, (t) => (t.id === input.id ? null : t));
        if (!moving || input.listId !== listId) return without;
        return without.map((page) => {
          const at =
            input.afterId === null ? (page === without[0] ? 0 : -1) : page.tasks.findIndex((t) => t.id === input.afterId) + 1;
          if (at <= 0 && input.afterId !== null) return page;
          if (at < 0) return page;
          return { ...page, tasks: [...page.tasks.slice(0, at), moving, ...page.tasks.slice(at)] };
        });
      }),
    ),
  );
  const remove = useMutation(
    trpc.task.delete.mutationOptions(
      optimistic((pages, input: { id: string }) => mapTasks(pages, (t) => (t.id === input.id ? null : t))),
    ),
  );

  return { create, toggle, update, move, remove, problem };
}
