import type { Deps } from '../deps';
import { appendEvent } from './event-log';

export type LiveKind = 'task.changed' | 'list.changed' | 'comment.changed' | 'members.changed';

/**
 * Tells the organisation's open tabs that something changed (they read it again through the
 * API: an event names ids, never content). After the change is saved: an event that cannot be
 * written costs the other tabs their live view of it until they next read, never the change.
 */
export async function publish(
  deps: Pick<Deps, 'db' | 'clock' | 'live' | 'log'>,
  member: { organisationId: string; tab?: string | null | undefined },
  kind: LiveKind,
  data: Record<string, string | null>,
): Promise<void> {
  // The tab that made the change reads it again itself; it knows its own id in the event.
  const event = { organisationId: member.organisationId, kind, data: { ...data, tab: member.tab ?? null } };
  await appendEvent(deps, deps.live.cursor, event).catch((error: Error) =>
    deps.log.warn('live event not written', { kind, reason: error.message }),
  );
}
