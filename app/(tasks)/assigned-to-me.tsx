'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ListView } from '../_lib/api-types';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { MINE_PAGE, useTaskMutations } from '../_lib/use-task-mutations';
import { FormAlert } from '../_components/form-alert';
import { LoadingBlock } from '../_components/loading-block';
import { TaskItem } from './task-item';

/** The caller's open tasks across the organisation's lists, soonest due first. */
export function AssignedToMe({ lists, people }: { lists: ListView[]; people: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.task.mine.infiniteQueryOptions(MINE_PAGE, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const { toggle, update, remove, problem } = useTaskMutations('mine');
  const tasks = query.data?.pages.flatMap((page) => page.tasks) ?? [];
  const listName = new Map(lists.map((list) => [list.id, list.name]));
  return (
    <section className="panel stack" aria-labelledby="tasks-heading">
      <div className="panel-head list-head">
        <h1 id="tasks-heading">Assigned to me</h1>
        <p className="muted">Your open tasks in every list, the soonest due first.</p>
      </div>
      <FormAlert message={problem} />
      {query.isPending && <LoadingBlock label="Loading tasks" />}
      {query.isError && <FormAlert message={describeError(query.error).message} />}
      {query.isSuccess && tasks.length === 0 && <p className="empty">Nothing is assigned to you. Enjoy the quiet.</p>}
      {tasks.length > 0 && (
        <ul className="tasks" aria-label="Tasks assigned to me">
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
