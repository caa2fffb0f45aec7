import type { Deps } from '../deps';
import { readAfter, readHead } from './event-log';
import type { Listener, LiveFeed, LogCursor } from './types';

export type { LiveFeed } from './types';

export function createLiveFeed(
  { db }: Pick<Deps, 'db'>,
  cursor: LogCursor,
  { intervalMs = 200 }: { intervalMs?: number } = {},
): LiveFeed {
  const listeners = new Map<string, Set<Listener>>();
  let delivered: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  let stopped = false;

  const read = async () => {
    delivered ??= await readHead(db, cursor.head);
    for (const event of await readAfter(db, delivered)) {
      delivered = event.seq;
      cursor.head = Math.max(cursor.head, event.seq);
      for (const listener of listeners.get(event.organisationId) ?? []) listener(event);
    }
  };
  // One read at a time: a slow read and the next tick share it.
  const poll = () => (polling ??= read().finally(() => (polling = null)));
  const schedule = () => {
    if (stopped || timer || listeners.size === 0) return;
    timer = setTimeout(() => {
      timer = null;
      poll()
        .catch(() => undefined) // the database away: the next tick tries again
        .finally(schedule);
    }, intervalMs);
  };

  return {
    delivered: () => delivered ?? cursor.head,
    listen(organisationId, listener) {
      const own = listeners.get(organisationId) ?? new Set<Listener>();
      own.add(listener);
      listeners.set(organisationId, own);
      schedule();
      return () => {
        own.delete(listener);
        if (own.size === 0) listeners.delete(organisationId);
        // Idle: the next listener starts from the head then, not from events nobody waited for.
        if (listeners.size === 0) delivered = null;
      };
    },
    poll,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
