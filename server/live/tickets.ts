import type { AccessClaims } from '../auth/access-token';
import { hashToken, newToken } from '../auth/tokens';
import { consumeLimit, LIMITS } from '../auth/rate-limit';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import type { Member } from '../organisation/membership';

const TICKET_MS = 30_000;

/**
 * A ticket for one live stream: the browser's EventSource cannot send the access token as a
 * header, and a token in a URL is logged on its way. The ticket travels in the stream's URL,
 * but is good for 30 s and for one connection, for this session and organisation only.
 */
export async function issueTicket(deps: Deps, user: AccessClaims, member: Member) {
  const { db, clock } = deps;
  await consumeLimit(deps, LIMITS.liveTicketsPerAccount, user.userId);
  const { token, tokenHash } = newToken();
  await db.orm.liveTickets.create({
    tokenHash,
    userId: user.userId,
    email: user.email,
    sessionId: user.sessionId,
    organisationId: member.organisationId,
    expiresAt: new Date(clock().getTime() + TICKET_MS),
  });
  return { ticket: token };
}

/** Uses a ticket up (a delete's count decides, once) and gives whom and where it was for. */
export async function claimTicket(
  { db, clock }: Pick<Deps, 'db' | 'clock'>,
  ticket: string,
): Promise<{ user: AccessClaims; organisationId: string }> {
  const tokenHash = hashToken(ticket);
  const found = await db.orm.liveTickets.where({ tokenHash }).first();
  if (!found || (await db.orm.liveTickets.where({ _id: found._id }).deleteAndCount()) !== 1) {
    throw new AppError('UNAUTHENTICATED');
  }
  if (found.expiresAt <= clock()) throw new AppError('UNAUTHENTICATED');
  return {
    user: { userId: String(found.userId), email: found.email, sessionId: String(found.sessionId) },
    organisationId: String(found.organisationId),
  };
}
