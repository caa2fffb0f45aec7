'use client';
import type { TaskFilter } from '../_lib/use-task-mutations';

const NOBODY = 'nobody';

/** Open or done tasks, whose, and in which order: above a list's tasks. */
export function ListFilter({
  filter,
  onChange,
  people,
}: {
  filter: TaskFilter;
  onChange: (filter: TaskFilter) => void;
  people: { id: string; name: string }[];
}) {
  const assignee = filter.assigneeId === undefined ? '' : (filter.assigneeId ?? NOBODY);
  return (
    <div className="row list-filter" role="group" aria-label="Filter tasks">
      <div className="field">
        <label htmlFor="filter-show">Show</label>
        <select
          id="filter-show"
          value={filter.show ?? ''}
          onChange={(e) => {
            const show = e.target.value;
            onChange({ ...filter, show: show === 'open' || show === 'done' ? show : undefined });
          }}
        >
          <option value="">All tasks</option>
          <option value="open">Open</option>
          <option value="done">Done</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-assignee">Assigned to</label>
        <select
          id="filter-assignee"
          value={assignee}
          onChange={(e) => {
            const value = e.target.value;
            onChange({ ...filter, assigneeId: value === '' ? undefined : value === NOBODY ? null : value });
          }}
        >
          <option value="">Anyone</option>
          <option value={NOBODY}>Nobody</option>
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-sort">Sort by</label>
        <select
          id="filter-sort"
          value={filter.sort ?? ''}
          onChange={(e) => {
            const sort = e.target.value;
            onChange({ ...filter, sort: sort === 'due' || sort === 'created' ? sort : undefined });
          }}
        >
          <option value="">The list’s order</option>
          <option value="due">Due date</option>
          <option value="created">Newest first</option>
        </select>
      </div>
    </div>
  );
}
