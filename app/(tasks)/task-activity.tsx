'use client';
import { useQuery } from '@tanstack/react-query';
import type { RouterOutputs } from '@/server/trpc/routers/_app';
import { describeError } from '../_lib/errors';
import { useTRPC } from '../_lib/trpc';

type Entry = RouterOutputs['task']['activity'][number];

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const day = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

function describe(entry: Entry): string {
  switch (entry.kind) {
    case 'created':
      return `${entry.by} created this task`;
    case 'assigned':
      return entry.assignee ? `${entry.by} assigned it to ${entry.assignee}` : `${entry.by} unassigned it`;
    case 'due':
      return entry.dueDate ? `${entry.by} set the due date to ${day(entry.dueDate)}` : `${entry.by} removed the due date`;
    case 'moved':
      return `${entry.by} moved it from ${entry.from} to ${entry.to}`;
    case 'completed':
      return `${entry.by} completed it`;
    case 'reopened':
      return `${entry.by} reopened it`;
    case 'commented':
      return `${entry.by} commented`;
  }
}

/** What happened to a task, newest first, in its panel. */
export function TaskActivity({ taskId }: { taskId: string }) {
  const trpc = useTRPC();
  const activity = useQuery(trpc.task.activity.queryOptions({ taskId }));
  return (
    <section className="task-activity" aria-labelledby={`activity-${taskId}`}>
      <h3 id={`activity-${taskId}`}>Activity</h3>
      {activity.isPending && <p className="muted">Loading activity…</p>}
      {activity.isError && <p role="alert">{describeError(activity.error).message}</p>}
      {activity.data?.length === 0 && <p className="muted">Nothing recorded yet.</p>}
      <ol className="activity-list">
        {activity.data?.map((entry) => (
          <li key={entry.id}>
            {describe(entry)} <span className="muted">· {when(entry.at)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
