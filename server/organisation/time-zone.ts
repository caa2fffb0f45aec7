import { AppError } from '../errors';
import type { Deps } from '../deps';
import type { Member } from './membership';

/** Every IANA zone this Node.js knows, and UTC. */
export const TIME_ZONES: ReadonlySet<string> = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

/**
 * The owner sets the time zone due days are read in. Kept on the organisation and copied onto
 * each membership, which every call reads anyway (as the second-factor policy is).
 */
export async function setTimeZone(deps: Deps, member: Member, timeZone: string): Promise<void> {
  if (member.role !== 'owner') throw new AppError('FORBIDDEN');
  await deps.db.orm.organisations.where({ _id: member.organisationId }).update({ timeZone });
  await deps.db.orm.memberships.where({ organisationId: member.organisationId }).updateAll({ timeZone });
}

/** The calendar day it is now in `timeZone`, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The day `days` after `day` (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
