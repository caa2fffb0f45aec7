// The live updates' shapes, apart from the code: server/deps.ts names them without importing it.

export interface LiveEvent {
  seq: number;
  organisationId: string;
  kind: string;
  data: Record<string, unknown>;
  at: Date;
}

/** What one instance knows of the log: the highest seq it has seen (a start, never above the head). */
export interface LogCursor {
  head: number;
}

export type Listener = (event: LiveEvent) => void;

/**
 * One instance's reader of the log: one poller, however many clients listen, each told only
 * its organisation's events. It reads what follows the last seq it delivered (the log has no
 * gaps: server/live/event-log.ts) every `intervalMs` while anyone listens, and not at all
 * otherwise.
 */
export interface LiveFeed {
  /** The last seq delivered to listeners (the log's head when the feed started, at first). */
  delivered(): number;
  /** Hears the organisation's events from now on; returns the way to stop. */
  listen(organisationId: string, listener: Listener): () => void;
  /** Reads at once: a stream as it opens learns where the log is (and tests). */
  poll(): Promise<void>;
  stop(): void;
}
