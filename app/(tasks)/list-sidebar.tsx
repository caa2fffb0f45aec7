'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, type FormEvent } from 'react';
import type { ListView } from '../_lib/api-types';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';
import { FormAlert } from '../_components/form-alert';

/** What the sidebar selects instead of a list: the caller's tasks across lists. */
export const MINE = 'mine';
export const UPCOMING = 'upcoming';
export const SEARCH = 'search';
const VIEWS = [
  { id: MINE, name: 'Assigned to me' },
  { id: UPCOMING, name: 'Upcoming' },
];

/** The views and the organisation's lists with their open counts; a drawer on a phone (globals.css). */
export function ListSidebar({
  lists,
  selected,
  onSelect,
  onSearch,
  open,
}: {
  lists: ListView[];
  selected: string | null;
  onSelect: (id: string) => void;
  /** Shows the tasks matching what was typed. */
  onSearch: (query: string) => void;
  open: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const nameInput = useRef<HTMLInputElement>(null);
  const create = useMutation(
    trpc.list.create.mutationOptions({
      onSuccess: async (list) => {
        await queryClient.invalidateQueries({ queryKey: trpc.list.all.queryKey() });
        onSelect(list.id);
      },
    }),
  );
  const reorder = useMutation(
    trpc.list.move.mutationOptions({
      onSuccess: (all) => queryClient.setQueryData(trpc.list.all.queryKey(), all),
    }),
  );

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('name') ?? '').trim();
    if (!name) return nameInput.current?.focus();
    create.mutate({ name });
    form.reset();
  }

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const query = String(new FormData(event.currentTarget).get('query') ?? '').trim();
    if (query) onSearch(query);
  }

  return (
    <nav className={`list-sidebar${open ? ' list-sidebar-open' : ''}`} aria-label="Lists" id="list-sidebar">
      <form role="search" onSubmit={search} className="add-task list-search" aria-label="Search tasks">
        <label htmlFor="task-search" className="visually-hidden">
          Search tasks
        </label>
        <input id="task-search" name="query" type="search" placeholder="Search tasks" maxLength={200} autoComplete="off" />
        <button type="submit" className="button button-secondary">
          Search
        </button>
      </form>
      <ul className="list-links">
        {VIEWS.map((view) => (
          <li key={view.id} className="list-link-row">
            <button
              type="button"
              className="list-link"
              aria-current={selected === view.id ? 'page' : undefined}
              onClick={() => onSelect(view.id)}
            >
              <span className="list-link-name">{view.name}</span>
            </button>
          </li>
        ))}
      </ul>
      <h2 className="list-sidebar-title">Lists</h2>
      <ul className="list-links">
        {lists.map((list, index) => (
          <li key={list.id} className="list-link-row">
            <button
              type="button"
              className={`list-link${list.archived ? ' list-link-archived' : ''}`}
              aria-current={list.id === selected ? 'page' : undefined}
              onClick={() => onSelect(list.id)}
            >
              <span className="list-link-name">{list.name}</span>
              <span className="list-count" aria-label={`${list.openTasks} open`}>
                {list.openTasks}
              </span>
            </button>
            <button
              type="button"
              className="button button-ghost list-reorder"
              aria-label={`Move list ${list.name} up`}
              disabled={index === 0 || reorder.isPending}
              onClick={() => reorder.mutate({ id: list.id, afterId: lists[index - 2]?.id ?? null })}
            >
              ↑
            </button>
          </li>
        ))}
      </ul>
      <form method="post" onSubmit={add} className="add-task" aria-label="New list">
        <label htmlFor="new-list" className="visually-hidden">
          List name
        </label>
        <input id="new-list" ref={nameInput} name="name" placeholder="New list" maxLength={100} autoComplete="off" />
        <button type="submit" className="button button-secondary" disabled={create.isPending}>
          Add list
        </button>
      </form>
      <FormAlert
        message={create.error ? describeError(create.error).message : reorder.error ? describeError(reorder.error).message : null}
      />
    </nav>
  );
}
