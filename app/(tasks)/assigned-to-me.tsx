'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ListView } from '../_lib/api-types';
import { useTRPC } from '../_lib/trpc';
import { MINE_PAGE } from '../_lib/use-task-mutations';
import { CrossListView } from './cross-list-view';

/** The caller's tasks across the organisation's lists: open ones soonest due first, done ones latest first. */
export function AssignedToMe({ lists, people }: { lists: ListView[]; people: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const [show, setShow] = useState<'open' | 'done'>('open');
  const [sort, setSort] = useState<'due' | 'created'>('due');
  const input = show === 'done' ? { ...MINE_PAGE, show } : sort === 'created' ? { ...MINE_PAGE, sort } : MINE_PAGE;
  const query = useInfiniteQuery(
    trpc.task.mine.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  return (
    <CrossListView
      title="Assigned to me"
      description={
        show === 'open'
          ? 'Your open tasks in every list, the soonest due first.'
          : 'Your done tasks in every list, the latest first.'
      }
      label="Tasks assigned to me"
      empty={show === 'open' ? 'Nothing is assigned to you. Enjoy the quiet.' : 'You have not finished an assigned task yet.'}
      query={query}
      cacheKey={trpc.task.mine.infiniteQueryKey(input)}
      lists={lists}
      people={people}
    >
      <div className="field form-narrow">
        <label htmlFor="mine-show">Show</label>
        <select id="mine-show" value={show} onChange={(e) => setShow(e.target.value === 'done' ? 'done' : 'open')}>
          <option value="open">Open</option>
          <option value="done">Done</option>
        </select>
      </div>
      {show === 'open' && (
        <div className="field form-narrow">
          <label htmlFor="mine-sort">Sort by</label>
          <select id="mine-sort" value={sort} onChange={(e) => setSort(e.target.value === 'created' ? 'created' : 'due')}>
            <option value="due">Due date</option>
            <option value="created">Newest first</option>
          </select>
        </div>
      )}
    </CrossListView>
  );
}
