'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ListView } from '../_lib/api-types';
import { useTRPC } from '../_lib/trpc';
import { CrossListView } from './cross-list-view';

/** The organisation's tasks where every word typed starts a word of the title or notes, newest first, by list. */
export function SearchResults({
  query,
  lists,
  people,
}: {
  query: string;
  lists: ListView[];
  people: { id: string; name: string }[];
}) {
  const trpc = useTRPC();
  const input = { query, limit: 50 };
  const results = useInfiniteQuery(
    trpc.task.search.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  return (
    <CrossListView
      title={`Search: ${query}`}
      description="Tasks whose title or notes have a word starting with each word you typed, newest first, by list."
      label="Search results"
      empty="No task matches every word. Try fewer or shorter words."
      query={results}
      cacheKey={trpc.task.search.infiniteQueryKey(input)}
      lists={lists}
      people={people}
      groupByList
    />
  );
}
