'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ListView } from '../_lib/api-types';
import { useTRPC } from '../_lib/trpc';
import { MINE_PAGE } from '../_lib/use-task-mutations';
import { CrossListView } from './cross-list-view';

/** The caller's open tasks across the organisation's lists, soonest due first. */
export function AssignedToMe({ lists, people }: { lists: ListView[]; people: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.task.mine.infiniteQueryOptions(MINE_PAGE, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  return (
    <CrossListView
      title="Assigned to me"
      description="Your open tasks in every list, the soonest due first."
      label="Tasks assigned to me"
      empty="Nothing is assigned to you. Enjoy the quiet."
      query={query}
      lists={lists}
      people={people}
    />
  );
}
