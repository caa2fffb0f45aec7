import type { Deps } from '../deps';
import type { Client } from '../lib/client';
import { consumeLimit, LIMITS } from './rate-limit';
import { claimOnce, hashToken, newToken } from './tokens';

/**
 * How one kind of emailed link is stored: a row per live link holding only the token's
 * SHA-256, one live link per subject (an email to verify, a user, an invitee).
 */
export interface LinkStore<Subject, Issued extends { _id: string }, Found extends { _id: string; expiresAt: Date }> {
  /** Deletes the subject's earlier links: only the newest one works. */
  replace(subject: Subject): Promise<void>;
  insert(subject: Subject, tokenHash: string): Promise<Issued>;
  find(tokenHash: string): Promise<Found | null>;
  /** Deletes one row and says how many went: 1 for exactly one caller, even concurrently. */
  remove(id: string): Promise<number>;
}

/** Every email the app sends to an address counts against that address and the requester's IP. */
export async function countEmail(deps: Deps, email: string, client: Client): Promise<void> {
  await consumeLimit(deps, LIMITS.emailPerIp, client.ip);
  await consumeLimit(deps, LIMITS.emailPerAddress, email);
}

/** A fresh link token for the subject, replacing earlier ones; shown once, stored hashed. */
export async function issueLink<S, I extends { _id: string }>(
  store: LinkStore<S, I, { _id: string; expiresAt: Date }>,
  subject: S,
): Promise<{ row: I; token: string }> {
  await store.replace(subject);
  const { token, tokenHash } = newToken();
  return { row: await store.insert(subject, tokenHash), token };
}

/**
 * Issues a link and queues its email (the outbox: durable once `send` resolves). Should the
 * queueing fail, the link goes too, so no usable link exists that no email carries.
 */
export async function sendLink<S, I extends { _id: string }>(
  store: LinkStore<S, I, { _id: string; expiresAt: Date }>,
  subject: S,
  send: (token: string, row: I) => Promise<void>,
): Promise<I> {
  const { row, token } = await issueLink(store, subject);
  try {
    await send(token, row);
  } catch (error) {
    await store.remove(row._id);
    throw error;
  }
  return row;
}

/** The link's row, unexpired and without consuming it; null otherwise. */
export async function peekLink<F extends { _id: string; expiresAt: Date }>(
  store: Pick<LinkStore<never, never, F>, 'find'>,
  token: string,
  now: Date,
): Promise<F | null> {
  const found = await store.find(hashToken(token));
  return found && found.expiresAt > now ? found : null;
}

/** Uses a link up: its row for the one request whose delete removed it, while unexpired; null for everyone else. */
export async function claimLink<F extends { _id: string; expiresAt: Date }>(
  store: Pick<LinkStore<never, never, F>, 'find' | 'remove'>,
  token: string,
  now: Date,
): Promise<F | null> {
  return claimPeeked(store, await store.find(hashToken(token)), now);
}

/** claimLink for a row already read with peekLink. */
export function claimPeeked<F extends { _id: string; expiresAt: Date }>(
  store: Pick<LinkStore<never, never, F>, 'remove'>,
  found: F | null,
  now: Date,
): Promise<F | null> {
  return claimOnce(found, (id) => store.remove(id), now);
}
