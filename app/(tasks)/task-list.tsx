'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useRef, type FormEvent } from 'react';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { TASK_PAGE, useTaskMutations } from '../_lib/use-task-mutations';
import { FormAlert } from '../_components/form-alert';
import { SubmitButton } from '../_components/submit-button';
import { TaskItem } from './task-item';
import { LoadingBlock } from '../_components/loading-block';

export function TaskList({ organisationName }: { organisationName: string | undefined }) {
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.task.list.infiniteQueryOptions(TASK_PAGE, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const { create, toggle, update, remove, problem } = useTaskMutations();
  const titleInput = useRef<HTMLInputElement>(null);

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const title = String(new FormData(form).get('title') ?? '').trim();
    if (!title) return titleInput.current?.focus();
    create.mutate({ title });
    form.reset();
    titleInput.current?.focus();
  }

  const tasks = list.data?.pages.flatMap((page) => page.tasks) ?? [];
  const open = tasks.filter((t) => !t.done).length;
  return (
    <section className="panel stack" aria-labelledby="tasks-heading">
      <div className="panel-head">
        <h1 id="tasks-heading">Tasks</h1>
        <p className="muted">{organisationName ? `Shared with everyone in ${organisationName}.` : '\u00a0'}</p>
      </div>
      <form method="post" onSubmit={add} className="add-task" aria-label="Add a task">
        <label htmlFor="new-task" className="visually-hidden">
          Task title
        </label>
        <input id="new-task" ref={titleInput} name="title" placeholder="What needs doing?" maxLength={200} autoComplete="off" />
        <SubmitButton pending={false} pendingLabel="Adding…">
          Add task
        </SubmitButton>
      </form>
      <FormAlert message={problem} />
      {list.isPending && <LoadingBlock label="Loading tasks" />}
      {list.isError && <FormAlert message={describeError(list.error).message} />}
      {list.isSuccess && tasks.length === 0 && <p className="empty">No tasks yet. Add the first one above.</p>}
      {tasks.length > 0 && (
        <>
          <p className="muted" aria-live="polite">
            {open} open, {tasks.length - open} done
          </p>
          <ul className="tasks" aria-label="Tasks">
            {tasks.map((task) => (
              <TaskItem
                key={task.id}
                task={task}
                onToggle={(done) => toggle.mutate({ id: task.id, done })}
                onSave={(changes) => update.mutate({ id: task.id, ...changes })}
                onDelete={() => remove.mutate({ id: task.id })}
              />
            ))}
          </ul>
        </>
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="button button-secondary"
          onClick={() => list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          {list.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </button>
      )}
    </section>
  );
}
