import { describe, expect, it } from 'vitest';
import { mailboxLinkHolds, parseChain, recoveredTo, serialiseChain, withAddress } from './address-chain';

const t = (minutes: number) => new Date(Date.UTC(2026, 0, 1) + minutes * 60_000);

describe('the address chain', () => {
  it('starts from the current address for an account that has none stored', () => {
    expect(parseChain(null, 'owner@example.com')).toEqual([{ email: 'owner@example.com', since: 0 }]);
    expect(parseChain('not json', 'owner@example.com')).toEqual([{ email: 'owner@example.com', since: 0 }]);
    // A chain whose last address is not the account's is stale: started again.
    expect(parseChain(serialiseChain([{ email: 'x@example.com', since: 1 }]), 'owner@example.com')).toHaveLength(1);
  });

  it("keeps the original mailbox's links through every later change, and voids the later mailboxes' links on its recovery", () => {
    let chain = parseChain(null, 'owner@example.com');
    const ownerReset = t(1);
    chain = withAddress(chain, 'thief@example.com', t(2));
    const thiefReset = t(3);
    chain = withAddress(chain, 'other@example.com', t(4));
    expect(mailboxLinkHolds(chain, 'owner@example.com', ownerReset)).toBe(true);
    expect(mailboxLinkHolds(chain, 'thief@example.com', thiefReset)).toBe(true);

    chain = recoveredTo(chain, 'owner@example.com', t(5));
    expect(chain.map((a) => a.email)).toEqual(['owner@example.com']);
    expect(mailboxLinkHolds(chain, 'thief@example.com', thiefReset)).toBe(false);
    // The recovery used one owner link; the others sent before it go too, those after it hold.
    expect(mailboxLinkHolds(chain, 'owner@example.com', ownerReset)).toBe(false);
    expect(mailboxLinkHolds(chain, 'owner@example.com', t(6))).toBe(true);

    // The thief's address coming back later does not revive its old links.
    chain = withAddress(chain, 'thief@example.com', t(7));
    expect(mailboxLinkHolds(chain, 'thief@example.com', thiefReset)).toBe(false);
    expect(mailboxLinkHolds(chain, 'thief@example.com', t(8))).toBe(true);
  });

  it('lets a recovery from a later address void nothing sent to an earlier one', () => {
    let chain = withAddress(parseChain(null, 'owner@example.com'), 'thief@example.com', t(2));
    chain = recoveredTo(chain, 'thief@example.com', t(3));
    expect(mailboxLinkHolds(chain, 'owner@example.com', t(1))).toBe(true);
    expect(mailboxLinkHolds(chain, 'thief@example.com', t(2.5))).toBe(false);
  });

  it('refuses a link sent to an address the account never had', () => {
    expect(mailboxLinkHolds(parseChain(null, 'owner@example.com'), 'else@example.com', t(1))).toBe(false);
  });

  it('keeps a link from before chains (no time) to an address from before them, until a recovery cuts it off', () => {
    let chain = parseChain(null, 'moved@example.com');
    expect(mailboxLinkHolds(chain, 'before@example.com', new Date(0))).toBe(true);
    chain = recoveredTo(chain, 'before@example.com', t(1));
    expect(mailboxLinkHolds(chain, 'before@example.com', new Date(0))).toBe(false);
    expect(mailboxLinkHolds(chain, 'moved@example.com', new Date(0))).toBe(false);
  });
});
