'use client';
import type { QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { ListView, TaskView } from '../_lib/api-types';
import type { PagedMore } from './show-more';
import { describeError } from '../_lib/errors';
import { useTaskMutations } from '../_lib/use-task-mutations';
import { FormAlert } from '../_components/form-alert';
import { LoadingBlock } from '../_components/loading-block';
import { TaskItem } from './task-item';
import { ShowMore } from './show-more';

type Page = { tasks: TaskView[]; nextCursor: string | null; today: string };

/** What these views use of an infinite query's result. */
interface PagedQuery extends PagedMore {
  data?: { pages: Page[] } | undefined;
  isPending: boolean;
  isError: boolean;
  isSuccess: boolean;
  error: unknown;
}

/** Tasks by list, each list where its first task is, the tasks in the order given. */
function groupsOf(tasks: TaskView[]): [string, TaskView[]][] {
  const groups = new Map<string, TaskView[]>();
  for (const task of tasks) groups.set(task.listId, [...(groups.get(task.listId) ?? []), task]);
  return [...groups];
}

/** A view of tasks from every list ("Assigned to me", "Upcoming"): each task names its list. */
export function CrossListView({
  title,
  description,
  label,
  empty,
  query,
  cacheKey,
  lists,
  people,
  groupByList = false,
  children,
}: {
  title: string;
  description: string;
  /** The accessible name of the task list. */
  label: string;
  empty: string;
  query: PagedQuery;
  /** The query's key, where edits show at once. */
  cacheKey: QueryKey;
  lists: ListView[];
  people: { id: string; name: string }[];
  /** Tasks under a heading per list, lists in the order of their first task. */
  groupByList?: boolean;
  /** Controls under the description (a filter). */
  children?: ReactNode;
}) {
  const { toggle, update, remove, problem } = useTaskMutations({ view: cacheKey });
  const tasks = query.data?.pages.flatMap((page) => page.tasks) ?? [];
  const listName = new Map(lists.map((list) => [list.id, list.name]));
  const item = (task: TaskView) => (
    <TaskItem
      key={task.id}
      task={task}
      onToggle={(done) => toggle.mutate({ id: task.id, done })}
      onSave={(changes) => update.mutate({ id: task.id, ...changes })}
      onDelete={() => remove.mutate({ id: task.id })}
      otherLists={[]}
      people={people}
      listName={groupByList ? undefined : listName.get(task.listId)}
      today={query.data?.pages[0]?.today}
    />
  );
  return (
    <section className="panel stack" aria-labelledby="tasks-heading">
      <div className="panel-head list-head">
        <h1 id="tasks-heading">{title}</h1>
        <p className="muted">{description}</p>
        {children}
      </div>
      <FormAlert message={problem} />
      {query.isPending && <LoadingBlock label="Loading tasks" />}
      {query.isError && <FormAlert message={describeError(query.error).message} />}
      {query.isSuccess && tasks.length === 0 && <p className="empty">{empty}</p>}
      {tasks.length > 0 &&
        (groupByList ? (
          groupsOf(tasks).map(([listId, group]) => {
            const name = listName.get(listId) ?? 'A list';
            return (
              <section key={listId} className="stack" aria-label={`${label} in ${name}`}>
                <h2 className="task-group-title">{name}</h2>
                <ul className="tasks" aria-label={`${label} in ${name}`}>
                  {group.map(item)}
                </ul>
              </section>
            );
          })
        ) : (
          <ul className="tasks" aria-label={label}>
            {tasks.map(item)}
          </ul>
        ))}
      <ShowMore query={query} />
    </section>
  );
}
