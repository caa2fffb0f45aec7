import { createHash } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { isDuplicateKey } from '../store/db-errors';
import { claimPeriod } from '../store/locks';
import { describeDevice } from '../lib/device';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';

/** What the security activity records. Account events concern one person; organisation events concern a team. */
export type AuditType =
  | 'sign_in.succeeded'
  | 'sign_in.failed'
  | 'sign_in.throttled'
  | 'password.set'
  | 'password.changed'
  | 'email_change.requested'
  | 'email_change.confirmed'
  | 'email_change.reverted'
  | 'email_change.withdrawn'
  | 'mfa.factor_grant_sent'
  | 'session.ended'
  | 'refresh.reuse_detected'
  | 'account.deleted'
  | 'invitation.sent'
  | 'invitation.accepted'
  | 'invitation.revoked'
  | 'member.role_changed'
  | 'member.removed'
  | 'member.left'
  | 'tasks.unassigned'
  | 'organisation.created'
  | 'organisation.renamed'
  | 'ownership.transferred'
  | 'organisation.second_factor_policy'
  | 'mfa.factor_added'
  | 'mfa.factor_removed'
  | 'mfa.recovery_code_used'
  | 'mfa.recovery_codes_regenerated'
  | 'mfa.recovery_requested'
  | 'mfa.recovery_cancelled'
  | 'mfa.recovery_completed';

export interface AuditEntry {
  type: AuditType;
  /** The account the event concerns: its owner sees it on /account. */
  userId?: string;
  /** Set for organisation events only: its owners and admins see them on the members page. */
  organisationId?: string;
  actorId?: string;
  actorEmail?: string;
  targetEmail?: string;
  /** A short reason or value ("ended from the account page", "admin"); never a secret. */
  detail?: string;
  /** Where the account's own request came from; organisation events carry none. */
  client?: Client;
  /** Writes the event at most once for this key: a job step repeated after a crash (server/jobs/run.ts). */
  once?: string;
}

export type AuditDeps = Pick<Deps, 'db' | 'clock' | 'config'>;

/** Writes one event. Nothing of a token, hash or password goes in: the entry has no field for one. */
export async function audit({ db, clock, config }: AuditDeps, entry: AuditEntry): Promise<void> {
  const now = clock();
  const id = (value: string | undefined) => (value ? new ObjectId(value) : null);
  // Through the driver: given null for an optional ObjectId field, Prisma 8 rc.13 stores a new
  // random ObjectId instead (docs/database.md), which hid account events from their erasure.
  const write = db.mongo.collection('auditEvents').insertOne({
    ...(entry.once ? { _id: new ObjectId(createHash('sha256').update(entry.once).digest('hex').slice(0, 24)) } : {}),
    type: entry.type,
    userId: id(entry.userId),
    organisationId: id(entry.organisationId),
    actorId: id(entry.actorId),
    actorEmail: entry.actorEmail ?? null,
    targetEmail: entry.targetEmail ?? null,
    detail: entry.detail ?? null,
    ip: entry.organisationId ? null : (entry.client?.ip ?? null),
    device: entry.organisationId || !entry.client ? null : describeDevice(entry.client.userAgent),
    createdAt: now,
    expiresAt: new Date(now.getTime() + config.AUDIT_RETENTION_DAYS * 86_400_000),
  });
  await write.catch((error: unknown) => {
    if (!(entry.once && isDuplicateKey(error))) throw error;
  });
}

/**
 * Writes an event without making the reply wait for it: used where the extra write would
 * otherwise make a reply about an existing account slower than one about an unknown address.
 */
export function auditInBackground(deps: AuditDeps & Pick<Deps, 'log'>, entry: AuditEntry): void {
  audit(deps, entry).catch((error: unknown) => deps.log.error('audit write failed', { type: entry.type, error }));
}

/**
 * Writes an event at most once per `periodMs` for the key (a `locks` row is the claim), so
 * that a flood of refused attempts records that it happened, not every attempt.
 */
export async function auditOncePer(deps: AuditDeps, key: string, periodMs: number, entry: AuditEntry): Promise<void> {
  if (await claimPeriod(deps, `audit:${key}`, periodMs)) await audit(deps, entry);
}

export interface ActivityView {
  id: string;
  type: AuditType;
  at: Date;
  actorEmail: string | null;
  targetEmail: string | null;
  detail: string | null;
  ip: string | null;
  device: string | null;
}

const SHOWN = 50;

function view(row: {
  _id: string;
  type: string;
  createdAt: Date;
  actorEmail: string | null;
  targetEmail: string | null;
  detail: string | null;
  ip: string | null;
  device: string | null;
}): ActivityView {
  return {
    id: row._id,
    type: row.type as AuditType,
    at: row.createdAt,
    actorEmail: row.actorEmail,
    targetEmail: row.targetEmail,
    detail: row.detail,
    ip: row.ip,
    device: row.device,
  };
}

/**
 * The newest events of one account. Read by one indexed field, so its cost follows this
 * account's events within retention, not the collection (docs/account.md).
 */
export async function accountActivity({ db }: Pick<Deps, 'db'>, userId: string): Promise<ActivityView[]> {
  const rows = await db.orm.auditEvents
    .where({ userId })
    .select('_id', 'type', 'createdAt', 'actorEmail', 'targetEmail', 'detail', 'ip', 'device')
    .orderBy({ createdAt: -1 })
    .limit(SHOWN)
    .all();
  return rows.map(view);
}

/** The newest organisation events (membership, roles, invitations): no sign-ins, no addresses of anyone's device. */
export async function organisationActivity({ db }: Pick<Deps, 'db'>, organisationId: string): Promise<ActivityView[]> {
  const rows = await db.orm.auditEvents
    .where({ organisationId })
    .select('_id', 'type', 'createdAt', 'actorEmail', 'targetEmail', 'detail', 'ip', 'device')
    .orderBy({ createdAt: -1 })
    .limit(SHOWN)
    .all();
  return rows.map((row) => ({ ...view(row), ip: null, device: null }));
}
