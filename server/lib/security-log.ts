import type { Logger } from './logger';

export type SecurityEvent =
  | 'sign_in.succeeded'
  | 'sign_in.failed'
  | 'sign_in.throttled'
  | 'rate_limited'
  | 'password.set'
  | 'password.changed'
  | 'email.change_requested'
  | 'email.changed'
  | 'email.change_reverted'
  | 'account.deleted'
  | 'session.revoked'
  | 'refresh.reuse_detected'
  | 'csrf.refused'
  | 'cookie.conflict'
  | 'hash_queue.full'
  | 'passkey.refused';

/** Fields a security line may carry: identifiers and reasons, never a token, hash or password. */
export interface SecurityFields {
  userId?: string;
  sessionId?: string;
  ip?: string;
  reason?: string;
  limit?: string;
  requestId?: string;
}

const ROUTINE = new Set<SecurityEvent>([
  'sign_in.succeeded',
  'password.set',
  'password.changed',
  'session.revoked',
  'email.change_requested',
  'email.changed',
  'account.deleted',
]);

/** One structured line per security-relevant event, for the operator's log pipeline. */
export function securityEvent(log: Logger, event: SecurityEvent, fields: SecurityFields = {}): void {
  const failed = !ROUTINE.has(event);
  (failed ? log.warn : log.info)('security', { event, ...fields });
}
