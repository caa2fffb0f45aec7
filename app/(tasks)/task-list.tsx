'use client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent, type PointerEvent } from 'react';
import type { ListView } from '../_lib/api-types';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { taskPage, useTaskMutations, type TaskFilter } from '../_lib/use-task-mutations';
import { ListFilter } from './list-filter';
import { FormAlert } from '../_components/form-alert';
import { SubmitButton } from '../_components/submit-button';
import { LoadingBlock } from '../_components/loading-block';
import { TaskItem } from './task-item';
import { ListSettings } from './list-settings';
import { ShowMore } from './show-more';

export function TaskList({
  list,
  lists,
  manager,
  people,
}: {
  list: ListView;
  lists: ListView[];
  manager: boolean;
  people: { id: string; name: string }[];
}) {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<TaskFilter>({});
  const tasksQuery = useInfiniteQuery(
    trpc.task.list.infiniteQueryOptions(taskPage(list.id, filter), {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  );
  const { create, toggle, update, move, remove, problem } = useTaskMutations({ listId: list.id, filter });
  const filtered = filter.show !== undefined || filter.assigneeId !== undefined;
  // Tasks are dragged and moved up or down only in the list's own order, where their place is theirs to choose.
  const manual = filter.sort === undefined;
  const titleInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState<{ from: number; over: number | null } | null>(null);

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const title = String(new FormData(form).get('title') ?? '').trim();
    if (!title) return titleInput.current?.focus();
    create.mutate({ listId: list.id, title });
    form.reset();
    titleInput.current?.focus();
  }

  const tasks = tasksQuery.data?.pages.flatMap((page) => page.tasks) ?? [];
  const otherLists = lists.filter((l) => l.id !== list.id && !l.archived).map(({ id, name }) => ({ id, name }));
  /** Puts the task at `index` between the tasks that will be above and below it. */
  const moveTo = (index: number, to: number) => {
    const rest = tasks.filter((_, i) => i !== index);
    move.mutate({
      id: tasks[index]!.id,
      listId: list.id,
      afterId: rest[to - 1]?.id ?? null,
      beforeId: rest[to]?.id ?? null,
    });
  };
  /** A finger or pen drags a task by its handle: the task under it when lifted takes its place. */
  const dragByPointer = (from: number, event: PointerEvent<HTMLElement>) => {
    if (event.pointerType === 'mouse') return; // the mouse drags the whole task
    event.preventDefault();
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    setDragging({ from, over: null });
    const under = (e: globalThis.PointerEvent) => {
      const item = document.elementFromPoint(e.clientX, e.clientY)?.closest('[data-task-index]');
      return item ? Number(item.getAttribute('data-task-index')) : null;
    };
    const onMove = (e: globalThis.PointerEvent) => {
      const over = under(e);
      setDragging((d) => (d && d.over !== over ? { ...d, over } : d));
    };
    const finish = (e: globalThis.PointerEvent) => {
      handle.removeEventListener('pointermove', onMove);
      handle.removeEventListener('pointerup', finish);
      handle.removeEventListener('pointercancel', finish);
      setDragging(null);
      const to = e.type === 'pointerup' ? under(e) : null;
      if (to !== null && to !== from) moveTo(from, to);
    };
    handle.addEventListener('pointermove', onMove);
    handle.addEventListener('pointerup', finish);
    handle.addEventListener('pointercancel', finish);
  };

  return (
    <section className="panel stack" aria-labelledby="tasks-heading">
      <div className="panel-head list-head">
        <h1 id="tasks-heading">{list.name}</h1>
        <p className="muted">
          {list.openTasks} open of {list.tasks}
          {list.archived ? ' · archived' : ''}
        </p>
        <ListSettings list={list} manager={manager} />
      </div>
      {!list.archived && (
        <form method="post" onSubmit={add} className="add-task" aria-label="Add a task">
          <label htmlFor="new-task" className="visually-hidden">
            Task title
          </label>
          <input id="new-task" ref={titleInput} name="title" placeholder="What needs doing?" maxLength={200} autoComplete="off" />
          <SubmitButton pending={false} pendingLabel="Adding…">
            Add task
          </SubmitButton>
        </form>
      )}
      <ListFilter filter={filter} onChange={setFilter} people={people} />
      <FormAlert message={problem} />
      {tasksQuery.isPending && <LoadingBlock label="Loading tasks" />}
      {tasksQuery.isError && <FormAlert message={describeError(tasksQuery.error).message} />}
      {tasksQuery.isSuccess && tasks.length === 0 && (
        <p className="empty">{filtered ? 'No task here matches the filter.' : 'No tasks yet. Add the first one above.'}</p>
      )}
      {tasks.length > 0 && (
        // Busy while a change is saved or the list read again: what is shown may still move.
        <ul
          className="tasks"
          aria-label={`Tasks in ${list.name}`}
          aria-busy={move.isPending || tasksQuery.isFetching || undefined}
        >
          {tasks.map((task, index) => (
            <TaskItem
              key={task.id}
              task={task}
              onToggle={(done) => toggle.mutate({ id: task.id, done })}
              onSave={(changes) => update.mutate({ id: task.id, ...changes })}
              onDelete={() => remove.mutate({ id: task.id })}
              onMoveUp={manual && index > 0 ? () => moveTo(index, index - 1) : undefined}
              onMoveDown={manual && index < tasks.length - 1 ? () => moveTo(index, index + 1) : undefined}
              otherLists={otherLists}
              people={people}
              today={tasksQuery.data?.pages[0]?.today}
              index={index}
              drag={
                manual
                  ? {
                      onHandleDown: (event) => dragByPointer(index, event),
                      target: dragging !== null && dragging.over === index && dragging.from !== index,
                      onStart: () => setDragging({ from: index, over: null }),
                      onOver: () => setDragging((d) => (d && d.over !== index ? { ...d, over: index } : d)),
                      // Dropped on a task: it takes that task's place, the others shift.
                      onDrop: () => {
                        if (dragging && dragging.from !== index) moveTo(dragging.from, index);
                        setDragging(null);
                      },
                      onEnd: () => setDragging(null),
                    }
                  : undefined
              }
              onMoveTo={(listId) => move.mutate({ id: task.id, listId, afterId: null, beforeId: null })}
            />
          ))}
        </ul>
      )}
      <ShowMore query={tasksQuery} />
    </section>
  );
}
