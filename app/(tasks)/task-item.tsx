'use client';
import { useState, type PointerEvent } from 'react';
import type { TaskView } from '../_lib/api-types';
import { PENDING } from '../_lib/use-task-mutations';
import { LinkedText } from './linked-text';
import { TaskPanel, type TaskChanges } from './task-panel';

interface TaskItemProps {
  task: TaskView;
  onToggle: (done: boolean) => void;
  onSave: (changes: TaskChanges) => void;
  /** Who a task can be assigned to: the organisation's members. */
  people: { id: string; name: string }[];
  onDelete: () => void;
  /** Absent at the top (or bottom) of the list. */
  /** Absent where tasks are not in manual order (a view across lists). */
  onMoveUp?: (() => void) | undefined;
  onMoveDown?: (() => void) | undefined;
  /** The other lists a task can move to. */
  otherLists: { id: string; name: string }[];
  onMoveTo?: ((listId: string) => void) | undefined;
  /** Shown in a view across lists: the list it is in. */
  listName?: string | undefined;
  /**
   * Dragging in a list's manual order: the mouse drags the whole task (HTML drag and drop), a
   * finger or pen its handle (pointer events); the arrow buttons do it by keyboard.
   */
  drag?:
    | {
        onStart: () => void;
        onOver: () => void;
        onDrop: () => void;
        onEnd: () => void;
        onHandleDown: (event: PointerEvent<HTMLElement>) => void;
        target: boolean;
      }
    | undefined;
  /** Where the task is in its list: what a drag by touch finds under the finger. */
  index?: number | undefined;
  /** Today in the organisation's time zone (YYYY-MM-DD), for "today", "tomorrow", "overdue". */
  today?: string | undefined;
}

function dueLabel(day: string, today: string | undefined, done: boolean): { text: string; overdue: boolean } {
  if (today) {
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (day === today) return { text: 'Due today', overdue: false };
    if (day === tomorrow) return { text: 'Due tomorrow', overdue: false };
    if (day < today && !done) return { text: `Overdue · ${formatDue(day)}`, overdue: true };
  }
  return { text: `Due ${formatDue(day)}`, overdue: false };
}

function formatDue(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export function TaskItem({
  task,
  onToggle,
  onSave,
  onDelete,
  onMoveUp,
  onMoveDown,
  otherLists,
  onMoveTo,
  people,
  listName,
  drag,
  index,
  today,
}: TaskItemProps) {
  const [editing, setEditing] = useState(false);
  const checkboxId = `task-${task.id}`;
  // Until the server has saved a new task there is nothing to edit, tick or delete yet.
  const saving = task.id.startsWith(PENDING);

  return (
    <li
      className={`task${task.done ? ' task-done' : ''}${drag?.target ? ' task-drop-target' : ''}`}
      aria-busy={saving || undefined}
      data-task-index={index}
      draggable={drag && !saving ? true : undefined}
      onDragStart={
        drag &&
        ((event) => {
          // React passes on events from the task's panel, which is elsewhere in the page.
          if (!event.currentTarget.contains(event.target as Node)) return;
          event.dataTransfer.effectAllowed = 'move';
          event.dataTransfer.setData('text/plain', task.id);
          drag.onStart();
        })
      }
      onDragOver={
        drag &&
        ((event) => {
          event.preventDefault();
          drag.onOver();
        })
      }
      onDrop={
        drag &&
        ((event) => {
          event.preventDefault();
          drag.onDrop();
        })
      }
      onDragEnd={drag?.onEnd}
    >
      {drag && !saving && (
        <span className="drag-handle" aria-hidden="true" title="Drag to reorder" onPointerDown={drag.onHandleDown}>
          ⠿
        </span>
      )}
      {/* Uncontrolled, so the tick shows at once; the key resets it if the server refuses. */}
      <input
        key={String(task.done)}
        id={checkboxId}
        type="checkbox"
        defaultChecked={task.done}
        onChange={(e) => onToggle(e.target.checked)}
      />
      <div className="task-body">
        <label htmlFor={checkboxId} className="task-title">
          {task.title}
        </label>
        <p className="task-meta">
          {task.dueDate &&
            (() => {
              const due = dueLabel(task.dueDate, today, task.done);
              return <span className={`badge${due.overdue ? ' badge-overdue' : ''}`}>{due.text}</span>;
            })()}
          {task.assignee && <span className="badge badge-person">{task.assignee}</span>}
          {listName && <span className="task-list-name">in {listName}</span>}
          {task.notes && (
            <span className="task-notes">
              <LinkedText text={task.notes} />
            </span>
          )}
          <span className="task-author">by {task.author}</span>
        </p>
      </div>
      <div className="task-actions">
        {onMoveTo && (
          <>
            {/* Not in a sorted list: there a task's place is not its own to choose. */}
            {(onMoveUp || onMoveDown) && (
              <>
                <button
                  type="button"
                  className="button button-ghost"
                  onClick={onMoveUp}
                  disabled={saving || !onMoveUp}
                  aria-label={`Move ${task.title} up`}
                  title="Move up"
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button button-ghost"
                  onClick={onMoveDown}
                  disabled={saving || !onMoveDown}
                  aria-label={`Move ${task.title} down`}
                  title="Move down"
                >
                  ↓
                </button>
              </>
            )}
            {otherLists.length > 0 && (
              <select
                className="task-move-to"
                aria-label={`Move ${task.title} to another list`}
                value=""
                disabled={saving}
                onChange={(e) => e.target.value && onMoveTo?.(e.target.value)}
              >
                <option value="">Move to…</option>
                {otherLists.map((list) => (
                  <option key={list.id} value={list.id}>
                    {list.name}
                  </option>
                ))}
              </select>
            )}
          </>
        )}
        <button
          type="button"
          className="button button-ghost"
          onClick={() => setEditing(true)}
          disabled={saving}
          aria-label={`Edit ${task.title}`}
          aria-haspopup="dialog"
        >
          Edit
        </button>
        <button
          type="button"
          className="button button-ghost button-danger"
          onClick={onDelete}
          disabled={saving}
          aria-label={`Delete ${task.title}`}
        >
          Delete
        </button>
      </div>
      {editing && <TaskPanel task={task} people={people} listName={listName} onSave={onSave} onClose={() => setEditing(false)} />}
    </li>
  );
}
