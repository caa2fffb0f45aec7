'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ListView } from '../_lib/api-types';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { useTaskMutations } from '../_lib/use-task-mutations';
import { FormAlert } from '../_components/form-alert';
import { LoadingBlock } from '../_components/loading-block';
import { TaskItem } from './task-item';

/** Open tasks due by a week from today, overdue first, in every list; everyone's or one person's. */
export function Upcoming({ lists, people }: { lists: ListView[]; people: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const [assigneeId, setAssigneeId] = useState('');
  const input = { limit: 50, ...(assigneeId ? { assigneeId } : {}) };
  const query = useInfiniteQuery(
    trpc.task.upcoming.infiniteQueryOptions(input, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const { toggle, update, remove, problem } = useTaskMutations('mine');
  const tasks = query.data?.pages.flatMap((page) => page.tasks) ?? [];
  const listName = new Map(lists.map((list) => [list.id, list.name]));
  return (
    <section className="panel stack" aria-labelledby="tasks-heading">
      <div className="panel-head list-head">
        <h1 id="tasks-heading">Upcoming</h1>
        <p className="muted">Open tasks that are overdue or due in the next 7 days, in every list.</p>
        <div className="field form-narrow">
          <label htmlFor="upcoming-assignee">Assigned to</label>
          <select id="upcoming-assignee" value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)}>
            <option value="">Anyone</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <FormAlert message={problem} />
      {query.isPending && <LoadingBlock label="Loading tasks" />}
      {query.isError && <FormAlert message={describeError(query.error).message} />}
      {query.isSuccess && tasks.length === 0 && <p className="empty">Nothing is due in the next 7 days.</p>}
      {tasks.length > 0 && (
        <ul className="tasks" aria-label="Upcoming tasks">
          {tasks.map((task) => (
            <TaskItem
              key={task.id}
              task={task}
              onToggle={(done) => toggle.mutate({ id: task.id, done })}
              onSave={(changes) => update.mutate({ id: task.id, ...changes })}
              onDelete={() => remove.mutate({ id: task.id })}
              otherLists={[]}
              people={people}
              listName={listName.get(task.listId)}
              today={query.data?.pages[0]?.today}
            />
          ))}
        </ul>
      )}
      {query.hasNextPage && (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
        >
          {query.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </button>
      )}
    </section>
  );
}
