// @ts-check
// Shared by the front server (server/http/serve.mjs) and the route handler that trusts it.

/** The client address the front server resolved (any copy a client sent is removed first). */
export const CLIENT_IP_HEADER = 'x-tasklane-client-ip';
/** "1" only when the socket is loopback and no proxy forwarded the request. */
export const DIRECT_LOOPBACK_HEADER = 'x-tasklane-direct-loopback';
/** Present on globalThis only in a process whose requests all pass through the front server. */
export const FRONT_SERVER_MARK = Symbol.for('tasklane.front-server');
/**
 * Set on globalThis by the composition root: finishes the process's background work (the
 * outbox's send in progress) and closes the database. The front server calls it on SIGTERM,
 * once the requests in flight have been answered.
 */
export const DRAIN_HOOK = Symbol.for('tasklane.drain');
