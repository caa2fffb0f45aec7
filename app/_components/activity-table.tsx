'use client';
import { describeActivity, when, type ActivityEvent } from '../_lib/activity-words';
import { DataTable } from './data-table';

/** Security events, newest first; the device columns only where the events carry them. */
export function ActivityTable({ label, events, showDevice }: { label: string; events: ActivityEvent[]; showDevice: boolean }) {
  if (events.length === 0) return <p className="muted">Nothing yet.</p>;
  return (
    <DataTable label={label} actions={false} columns={showDevice ? ['When', 'What', 'Device', 'IP address'] : ['When', 'What']}>
      {events.map((event) => (
        <tr key={event.id}>
          <td>{when(event.at)}</td>
          <td>{describeActivity(event)}</td>
          {showDevice && <td>{event.device ?? '—'}</td>}
          {showDevice && <td>{event.ip ?? '—'}</td>}
        </tr>
      ))}
    </DataTable>
  );
}
