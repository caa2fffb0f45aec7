'use client';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import type { TaskView } from '../_lib/api-types';
import { useTRPC } from '../_lib/trpc';
import { LinkedText } from './linked-text';
import { PeopleSelect } from './people-select';
import { TaskActivity } from './task-activity';
import { TaskComments } from './task-comments';

export interface TaskChanges {
  title: string;
  notes: string;
  dueDate: string | null;
  assigneeId: string | null;
}

const when = (iso: string | Date) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * A task with all its fields, in a modal dialog: the browser keeps focus inside it, Escape
 * closes it, and focus goes back to the button that opened it.
 */
export function TaskPanel({
  task,
  people,
  listName,
  onSave,
  onClose,
}: {
  task: TaskView;
  people: { id: string; name: string }[];
  listName: string | undefined;
  onSave: (changes: TaskChanges) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = `panel-${task.id}`;
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  // The version the form was filled from: another member's save while it is open shows (live
  // updates read the task again), and the person chooses whether to take it.
  const [base, setBase] = useState(task.updatedAt);
  const changedMeanwhile = task.updatedAt !== base;
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onSave({
      title: String(form.get('title') ?? ''),
      notes: String(form.get('notes') ?? ''),
      dueDate: String(form.get('dueDate') ?? '') || null,
      assigneeId: String(form.get('assigneeId') ?? '') || null,
    });
    onClose();
  }

  // In the page's body, not in the draggable list item that opened it.
  return createPortal(
    <dialog ref={dialog} className="task-panel" aria-labelledby={`${id}-heading`} onClose={onClose}>
      <h2 id={`${id}-heading`}>{task.title}</h2>
      <dl className="task-facts">
        {listName && (
          <>
            <dt>List</dt>
            <dd>{listName}</dd>
          </>
        )}
        <dt>Created</dt>
        <dd>
          {when(task.createdAt)} by {task.author}
        </dd>
        <dt>Status</dt>
        <dd>{task.done ? `Done${task.completedAt ? ` ${when(task.completedAt)}` : ''}` : 'Open'}</dd>
        {task.notes && (
          <>
            <dt>Notes</dt>
            <dd className="task-panel-notes">
              <LinkedText text={task.notes} />
            </dd>
          </>
        )}
      </dl>
      <div role="status" aria-live="polite">
        {changedMeanwhile && (
          <div className="alert alert-warning conflict-notice">
            Someone else changed this task while you had it open. Saving now replaces their changes with yours.{' '}
            <button type="button" className="button button-secondary" onClick={() => setBase(task.updatedAt)}>
              Show their changes
            </button>
          </div>
        )}
      </div>
      <form key={base} method="post" onSubmit={save} className="task-edit" aria-label={`Edit ${task.title}`}>
        <div className="field">
          <label htmlFor={`${id}-title`}>Title</label>
          <input id={`${id}-title`} name="title" defaultValue={task.title} required maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-notes`}>Notes</label>
          <textarea id={`${id}-notes`} name="notes" defaultValue={task.notes} maxLength={5000} rows={4} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-due`}>Due date</label>
          <input id={`${id}-due`} name="dueDate" type="date" defaultValue={task.dueDate ?? ''} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-assignee`}>Assigned to</label>
          <PeopleSelect
            id={`${id}-assignee`}
            name="assigneeId"
            none="Nobody"
            people={people}
            defaultValue={task.assigneeId ?? ''}
          />
        </div>
        <div className="row">
          <button type="submit" className="button button-primary">
            Save
          </button>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
      <TaskComments taskId={task.id} people={people} myId={me.data?.user.id} />
      <TaskActivity taskId={task.id} />
    </dialog>,
    document.body,
  );
}
