'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ListView } from '../_lib/api-types';
import { useTRPC } from '../_lib/trpc';
import { CrossListView } from './cross-list-view';
import { PeopleSelect } from './people-select';

/** Open tasks due by a week from today, overdue first, in every list; everyone's or one person's. */
export function Upcoming({ lists, people }: { lists: ListView[]; people: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const [assigneeId, setAssigneeId] = useState('');
  const input = { limit: 50, ...(assigneeId ? { assigneeId } : {}) };
  const query = useInfiniteQuery(
    trpc.task.upcoming.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  return (
    <CrossListView
      title="Upcoming"
      description="Open tasks that are overdue or due in the next 7 days, in every list."
      label="Upcoming tasks"
      empty="Nothing is due in the next 7 days."
      query={query}
      cacheKey={trpc.task.upcoming.infiniteQueryKey(input)}
      lists={lists}
      people={people}
    >
      <div className="field form-narrow">
        <label htmlFor="upcoming-assignee">Assigned to</label>
        <PeopleSelect id="upcoming-assignee" none="Anyone" people={people} value={assigneeId} onChange={setAssigneeId} />
      </div>
    </CrossListView>
  );
}
