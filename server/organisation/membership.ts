import type { AccessClaims } from '../auth/access-token';
import { AppError } from '../errors';
import { isDuplicateKey } from '../store/db-errors';
import { membershipKey } from '../store/memberships';
import type { Deps } from '../deps';
import { asRole, type Role } from './roles';

export interface Member {
  userId: string;
  organisationId: string;
  email: string;
  role: Role;
  /** The organisation's time zone (IANA), for due days: "today", "overdue". */
  timeZone: string;
  /** The browser tab the call came from (x-tab-id), told apart in live events: it has what it changed. */
  tab?: string | null;
}

/**
 * The caller's membership of the organisation the call names, read from the database on
 * every call: a removed member or a changed role takes effect at once. Not a member (or no
 * such organisation) is NOT_FOUND: a call never learns anything of another organisation. A
 * member without a second factor where the organisation requires one is SECOND_FACTOR_POLICY.
 */
export async function loadMember(
  { db }: Pick<Deps, 'db'>,
  claims: AccessClaims,
  organisationId: string | null,
  { policy = true }: { policy?: boolean } = {},
): Promise<Member> {
  if (!organisationId) throw new AppError('ORGANISATION_REQUIRED');
  const [membership, user] = await Promise.all([
    db.orm.memberships
      .where({ key: membershipKey(claims.userId, organisationId) })
      .select('role', 'requireSecondFactor', 'timeZone')
      .first(),
    db.orm.users.where({ _id: claims.userId }).select('email', 'secondFactor').first(),
  ]);
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (!membership) throw new AppError('NOT_FOUND');
  // The organisation asks every member for a second factor; leaving is still allowed without one.
  if (policy && membership.requireSecondFactor && !user.secondFactor) throw new AppError('SECOND_FACTOR_POLICY');
  return {
    userId: claims.userId,
    organisationId,
    email: user.email,
    role: asRole(membership.role),
    timeZone: membership.timeZone ?? 'UTC',
  };
}

/** Adds a person to an organisation; false when they already belong to it (the unique key decides). */
export async function addMembership(
  { db }: Pick<Deps, 'db'>,
  userId: string,
  organisation: { _id: string; name: string },
  role: Role,
): Promise<boolean> {
  const settings = async () => {
    const row = await db.orm.organisations.where({ _id: organisation._id }).select('requireSecondFactor', 'timeZone').first();
    return { required: Boolean(row?.requireSecondFactor), timeZone: row?.timeZone ?? null };
  };
  const { required, timeZone } = await settings();
  try {
    await db.orm.memberships.create({
      key: membershipKey(userId, organisation._id),
      userId,
      organisationId: organisation._id,
      organisationName: organisation.name,
      role,
      requireSecondFactor: required,
      timeZone,
    });
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
  // A change between that read and the insert would miss this copy: read again after writing.
  const now = await settings();
  if (now.required !== required || now.timeZone !== timeZone) {
    await db.orm.memberships
      .where({ key: membershipKey(userId, organisation._id) })
      .update({ requireSecondFactor: now.required, timeZone: now.timeZone });
  }
  return true;
}

/** Every organisation a person belongs to, with their role there. */
export async function membershipsOf({ db }: Pick<Deps, 'db'>, userId: string) {
  return db.orm.memberships
    .where({ userId })
    .select('_id', 'organisationId', 'organisationName', 'role', 'requireSecondFactor', 'timeZone', 'createdAt')
    .all();
}

/** Everyone in an organisation, with their role. */
export async function membersOf({ db }: Pick<Deps, 'db'>, organisationId: string) {
  return db.orm.memberships.where({ organisationId }).select('_id', 'userId', 'role', 'createdAt').all();
}
