import { tracked } from '@trpc/server';
import type { AccessClaims } from '../auth/access-token';
import { assertSessionLive } from '../auth/sessions';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { loadMember } from '../organisation/membership';
import { catchUp, type LiveEvent } from './event-log';
import { claimTicket } from './tickets';

/** How often a stream checks its session and membership again: the bound on a revoked stream. */
const RECHECK_MS = 1000;

export interface LiveMessage {
  /**
   * What changed; "ready": the stream listens from here, read every view again (once, as it
   * opens); "refetch": the stream was away too long, read every view again.
   */
  kind: string;
  data: Record<string, unknown>;
}

// The instance's recent checks, by session and organisation: a person's tabs share one session
// (the refresh cookie), and each second one check answers for all of them.
type Checks = { byKey: Map<string, { at: number; done: Promise<void> }>; swept: number };
const recentChecks = new WeakMap<Deps, Checks>();

/** The session is live and still a member: read at most once per RECHECK_MS for all its streams here. */
function sharedCheck(deps: Deps, user: AccessClaims, organisationId: string): Promise<void> {
  const checks = recentChecks.get(deps) ?? { byKey: new Map(), swept: 0 };
  recentChecks.set(deps, checks);
  const key = `${user.sessionId}:${organisationId}`;
  const now = Date.now();
  const recent = checks.byKey.get(key);
  if (recent && now - recent.at < RECHECK_MS) return recent.done;
  if (now - checks.swept >= RECHECK_MS) {
    checks.swept = now;
    for (const [other, { at }] of checks.byKey) if (now - at >= RECHECK_MS) checks.byKey.delete(other);
  }
  const done = (async () => {
    await assertSessionLive(deps, user);
    await loadMember(deps, user, organisationId);
  })();
  checks.byKey.set(key, { at: now, done });
  return done;
}

/** Who a stream is for: from its ticket (a browser), or the access token (a server-side caller). */
async function streamAccess(
  deps: Deps,
  from: { ticket: string | null; user: AccessClaims | null; organisationId: string | null },
): Promise<{ user: AccessClaims; organisationId: string }> {
  if (from.ticket) return claimTicket(deps, from.ticket);
  if (from.user && from.organisationId) return { user: from.user, organisationId: from.organisationId };
  throw new AppError('UNAUTHENTICATED');
}

/**
 * An organisation's changes as they happen, each with its seq as the event id, from after
 * `lastEventId` when the client resumes. Ends when the session ends or the membership does
 * (checked each second), and stops its work as soon as the connection closes.
 */
export async function* streamLiveEvents(
  deps: Deps,
  from: { ticket: string | null; user: AccessClaims | null; organisationId: string | null },
  lastEventId: string | undefined,
  signal: AbortSignal | undefined,
) {
  const { user, organisationId } = await streamAccess(deps, from);
  const check = () => sharedCheck(deps, user, organisationId);
  await check();
  const queue: LiveEvent[] = [];
  let wake: (() => void) | null = null;
  const stop = deps.live.feed.listen(organisationId, (event) => {
    queue.push(event);
    wake?.();
  });
  // One listener for the stream's life: a closed connection ends the wait at once.
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // The feed's place in the log, read now: a feed that was idle starts from the head.
    await deps.live.feed.poll();
    let last = lastEventId === undefined ? deps.live.feed.delivered() : Number(lastEventId);
    if (lastEventId === undefined) {
      // From here on nothing is missed: a tab that read its views before the stream opened reads
      // them again now, or a change made in between would stay unseen until the next.
      yield tracked(String(last), { kind: 'ready', data: {} } satisfies LiveMessage);
    } else {
      const missed = await catchUp(deps.db, last, deps.live.feed.delivered());
      if (missed === null) {
        last = deps.live.feed.delivered();
        yield tracked(String(last), { kind: 'refetch', data: {} } satisfies LiveMessage);
      } else queue.unshift(...missed.filter((event) => event.organisationId === organisationId));
    }
    let checked = Date.now();
    while (!signal?.aborted) {
      for (let event = queue.shift(); event && !signal?.aborted; event = queue.shift()) {
        if (event.seq <= last) continue; // caught up and heard both
        last = event.seq;
        yield tracked(String(event.seq), { kind: event.kind, data: event.data } satisfies LiveMessage);
      }
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, RECHECK_MS);
      });
      clearTimeout(timer);
      wake = null;
      if (Date.now() - checked >= RECHECK_MS) {
        await check();
        checked = Date.now();
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stop();
  }
}
