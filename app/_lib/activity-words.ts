import type { RouterOutputs } from '@/server/trpc/routers/_app';

export type ActivityEvent = RouterOutputs['account']['activity'][number];

/** One line a person can read for each kind of security event. */
export function describeActivity(event: ActivityEvent): string {
  const actor = event.actorEmail ?? 'Someone';
  const target = event.targetEmail ?? 'someone';
  switch (event.type) {
    case 'sign_in.succeeded':
      return event.detail === 'new browser' ? 'Signed in from a new browser (we emailed you)' : 'Signed in';
    case 'sign_in.failed':
      return 'Failed sign-in (wrong password)';
    case 'sign_in.throttled':
      return 'Sign-ins paused after repeated wrong passwords';
    case 'password.set':
      return 'Password set from an emailed link';
    case 'password.changed':
      return 'Password changed';
    case 'email_change.requested':
      return `Email change to ${event.detail ?? 'a new address'} requested`;
    case 'email_change.confirmed':
      return `Email changed (${event.detail ?? ''})`;
    case 'email_change.reverted':
      return `Email change undone from ${event.detail ?? 'the old address'}`;
    case 'email_change.withdrawn':
      return 'Email change withdrawn before it was confirmed';
    case 'mfa.factor_grant_sent':
      return 'Link to add a first second factor emailed';
    case 'session.ended':
      return `Signed out: ${event.detail ?? 'a session'}`;
    case 'refresh.reuse_detected':
      return 'A stolen or replayed session token was refused; that session was ended';
    case 'account.deleted':
      return `${actor} deleted their account`;
    case 'invitation.sent':
      return `${actor} invited ${target} as ${event.detail ?? 'member'}`;
    case 'invitation.accepted':
      return `${actor} joined as ${event.detail ?? 'member'}`;
    case 'invitation.revoked':
      return `${actor} revoked the invitation of ${target}`;
    case 'member.role_changed':
      return `${actor} changed the role of ${target} (${event.detail ?? ''})`;
    case 'member.removed':
      return `${actor} removed ${target}`;
    case 'member.left':
      return `${actor} left the organisation`;
    case 'tasks.unassigned':
      return `Open tasks of ${target} now have nobody assigned: ${event.detail ?? ''}`;
    case 'organisation.created':
      return `${actor} created the organisation`;
    case 'organisation.renamed':
      return `${actor} renamed the organisation to ${event.detail ?? ''}`;
    case 'ownership.transferred':
      return `${actor} handed ownership to ${target}`;
    case 'organisation.second_factor_policy':
      return event.detail === 'required'
        ? `${actor} required a second factor of every member`
        : `${actor} stopped requiring a second factor`;
    case 'mfa.factor_added':
      return `Added a second factor: ${event.detail ?? 'authenticator app'}`;
    case 'mfa.factor_removed':
      return `Removed a second factor: ${event.detail ?? 'authenticator app'}`;
    case 'mfa.recovery_code_used':
      return `Used a recovery code (${event.detail ?? ''})`;
    case 'mfa.recovery_requested':
      return `Asked to remove every second factor (lost); ${event.detail ?? ''}`;
    case 'mfa.recovery_cancelled':
      return `Second-factor recovery cancelled: ${event.detail ?? ''}`;
    case 'mfa.recovery_completed':
      return 'Every second factor removed after the recovery wait; the password was reset';
    case 'mfa.recovery_codes_regenerated':
      return 'Made new recovery codes (the old ones stopped working)';
  }
}

export const when = (iso: string | Date) => new Date(iso).toLocaleString();
