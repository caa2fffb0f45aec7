/**
 * Which mailbox an emailed link may still act for. An account's addresses form a chain, oldest
 * first: an email change adds the new one; a recovery from a link (an undo, a reset) goes back to
 * the address the link was sent to and cuts off every later one. A link sent to an address is
 * good while that address is still in the chain, was sent after it joined, and was sent after the
 * last recovery from that same address. So nothing done from a later address (a thief who moved
 * the account to a mailbox of theirs) can void a link in the original mailbox, and using one
 * voids every link the later addresses were sent. Stored as JSON in `users.addresses`.
 */
export interface ChainedAddress {
  email: string;
  /** When it became the account's address (ms since the epoch; 0: since the account began). */
  since: number;
  /** The last recovery completed from a link sent to it (ms). */
  recoveredAt?: number;
  /**
   * An address from before chains were recorded, put back by a recovery: links to any other such
   * address (whose order against this one is unknown) no longer hold.
   */
  beforeChains?: true;
}

export function parseChain(stored: string | null | undefined, currentEmail: string): ChainedAddress[] {
  if (stored) {
    try {
      const chain = JSON.parse(stored) as ChainedAddress[];
      if (Array.isArray(chain) && chain.length > 0 && chain.at(-1)!.email === currentEmail) return chain;
    } catch {
      // An unreadable chain is started again from the current address, as for an account before chains.
    }
  }
  return [{ email: currentEmail, since: 0 }];
}

export const serialiseChain = (chain: ChainedAddress[]) => JSON.stringify(chain);

/** True while a link sent to `sentTo` at `issuedAt` may still act for the account. */
export function mailboxLinkHolds(chain: ChainedAddress[], sentTo: string, issuedAt: Date): boolean {
  const at = issuedAt.getTime();
  // The latest entry for the address: it can appear twice only after a move away and back.
  const entry = chain.findLast((address) => address.email === sentTo);
  // A link from before links carried their time (issuedAt 0) to an address from before the chain
  // was recorded (this release): older than every address in it, so it holds, as it did then.
  if (!entry) return at === 0 && !chain.some((address) => address.beforeChains);
  return at >= entry.since && at >= (entry.recoveredAt ?? 0);
}

/** The chain after a confirmed change to `email`. */
export function withAddress(chain: ChainedAddress[], email: string, now: Date): ChainedAddress[] {
  return [...chain, { email, since: now.getTime() }];
}

/** The chain after a recovery from a link sent to `sentTo`: back to that address, every later one cut off. */
export function recoveredTo(chain: ChainedAddress[], sentTo: string, now: Date): ChainedAddress[] {
  const index = chain.findLastIndex((address) => address.email === sentTo);
  // Not in the chain: an address from before it, older than every address in it.
  if (index < 0) return [{ email: sentTo, since: 0, recoveredAt: now.getTime(), beforeChains: true }];
  return [...chain.slice(0, index), { ...chain[index]!, recoveredAt: now.getTime() }];
}
