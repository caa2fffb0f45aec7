/** Every email the app sends, with what renders it (sealed in the outbox, server/comms/outbox.ts). */
export type Email =
  | { kind: 'verify-email'; url: string }
  | { kind: 'account-exists' }
  | { kind: 'no-account' }
  | { kind: 'reset-password'; url: string }
  | { kind: 'invitation'; url: string; organisationName: string; invitedBy: string; role: string }
  | { kind: 'password-changed'; url: string }
  | { kind: 'confirm-email-change'; url: string; newEmail: string }
  | { kind: 'email-change-taken' }
  | { kind: 'email-change-requested'; url: string; newEmail: string }
  | { kind: 'email-changed'; url: string; newEmail: string }
  | { kind: 'account-deleted' }
  | { kind: 'new-device'; device: string; ip: string; at: string }
  | { kind: 'added-to-organisation'; organisationName: string; role: string }
  | { kind: 'role-changed'; organisationName: string; role: string; by: string }
  | { kind: 'removed-from-organisation'; organisationName: string; by: string }
  | { kind: 'ownership-transferred'; organisationName: string; from: string }
  | { kind: 'organisation-deleted'; organisationName: string; by: string }
  | { kind: 'second-factor-added'; factor: string }
  | { kind: 'second-factor-removed'; factor: string; factorsLeft: boolean }
  | { kind: 'recovery-code-used'; codesLeft: number }
  | { kind: 'factor-recovery-requested'; cancelUrl: string; effectiveAt: string }
  | { kind: 'factor-recovery-notice'; cancelUrl: string; effectiveAt: string; ip: string }
  | { kind: 'factor-recovery-cancelled'; why: string }
  | { kind: 'factors-removed'; url: string }
  | { kind: 'confirm-second-factor'; url: string }
  | { kind: 'task-mentioned'; by: string; taskTitle: string; organisationName: string; comment: string; unsubscribeUrl: string }
  | {
      kind: 'task-assigned';
      by: string;
      taskTitle: string;
      organisationName: string;
      dueDate: string | null;
      unsubscribeUrl: string;
    };

/** The link row an email carries: when it has expired, been used or been replaced, the email is not sent. */
export interface LinkRef {
  collection: 'verificationTokens' | 'passwordTokens' | 'invitations' | 'emailChanges' | 'emailReverts' | 'factorGrants';
  id: string;
}

/** What services call: queue an email. It is durable once this resolves; a sender delivers it. */
export interface Comms {
  send(to: string, email: Email, link?: LinkRef): Promise<void>;
}
