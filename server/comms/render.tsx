import { render } from '@react-email/render';
import type { ReactElement } from 'react';
import AccountDeleted from '@/emails/account-deleted';
import AddedToOrganisation from '@/emails/added-to-organisation';
import OrganisationDeleted from '@/emails/organisation-deleted';
import OwnershipTransferred from '@/emails/ownership-transferred';
import RemovedFromOrganisation from '@/emails/removed-from-organisation';
import RoleChanged from '@/emails/role-changed';
import RecoveryCodeUsed from '@/emails/recovery-code-used';
import FactorRecoveryCancelled from '@/emails/factor-recovery-cancelled';
import FactorRecoveryNotice from '@/emails/factor-recovery-notice';
import FactorRecoveryRequested from '@/emails/factor-recovery-requested';
import FactorsRemoved from '@/emails/factors-removed';
import SecondFactorAdded from '@/emails/second-factor-added';
import SecondFactorRemoved from '@/emails/second-factor-removed';
import AccountExists from '@/emails/account-exists';
import ConfirmEmailChange from '@/emails/confirm-email-change';
import ConfirmSecondFactor from '@/emails/confirm-second-factor';
import EmailChangeRequested from '@/emails/email-change-requested';
import EmailChangeTaken from '@/emails/email-change-taken';
import EmailChanged from '@/emails/email-changed';
import NewDevice from '@/emails/new-device';
import PasswordChanged from '@/emails/password-changed';
import Invitation from '@/emails/invitation';
import NoAccount from '@/emails/no-account';
import ResetPassword from '@/emails/reset-password';
import VerifyEmail from '@/emails/verify-email';
import TaskAssigned from '@/emails/task-assigned';
import TaskMentioned from '@/emails/task-mentioned';
import type { Config } from '../config';
import type { Email } from './emails';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** The action link, for the development transport's console line. */
  link: string;
  /** RFC 8058 one-click unsubscribe, on the emails a person can turn off. */
  headers?: Record<string, string>;
}

/** What a mail provider's "Unsubscribe" button POSTs to (server/http/unsubscribe.ts), with no cookie and no page. */
const oneClick = (unsubscribeUrl: string) => ({
  'List-Unsubscribe': `<${unsubscribeUrl.replace('/unsubscribe?', '/api/unsubscribe?')}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

/**
 * Renders an email when it is sent. `linkExpiresAt` is its link's expiry: the email states
 * the time left then, not the lifetime the link had when it was queued.
 */
export async function renderEmail(config: Config, email: Email, linkExpiresAt: Date | null, now: Date): Promise<RenderedEmail> {
  const left = linkExpiresAt ? linkExpiresAt.getTime() - now.getTime() : 0;
  const minutesLeft = Math.max(1, Math.ceil(left / 60_000));
  const daysLeft = Math.max(1, Math.round(left / 86_400_000));
  const { subject, element, link, headers } = ((): {
    subject: string;
    element: ReactElement;
    link: string;
    headers?: Record<string, string>;
  } => {
    switch (email.kind) {
      case 'task-mentioned':
        return {
          subject: `${email.by} mentioned you on “${email.taskTitle}”`,
          element: (
            <TaskMentioned
              by={email.by}
              taskTitle={email.taskTitle}
              organisationName={email.organisationName}
              comment={email.comment}
              appUrl={config.APP_URL}
              unsubscribeUrl={email.unsubscribeUrl}
            />
          ),
          link: config.APP_URL,
          headers: oneClick(email.unsubscribeUrl),
        };
      case 'task-assigned':
        return {
          subject: `${email.by} assigned you “${email.taskTitle}”`,
          element: (
            <TaskAssigned
              by={email.by}
              taskTitle={email.taskTitle}
              organisationName={email.organisationName}
              dueDate={email.dueDate}
              appUrl={config.APP_URL}
              unsubscribeUrl={email.unsubscribeUrl}
            />
          ),
          link: config.APP_URL,
          headers: oneClick(email.unsubscribeUrl),
        };
      case 'verify-email':
        return {
          subject: 'Confirm your email for Tasklane',
          element: <VerifyEmail url={email.url} expiresInMinutes={minutesLeft} />,
          link: email.url,
        };
      case 'reset-password':
        return {
          subject: 'Reset your Tasklane password',
          element: <ResetPassword url={email.url} expiresInMinutes={minutesLeft} />,
          link: email.url,
        };
      case 'account-exists': {
        const signInUrl = `${config.APP_URL}/sign-in`;
        return {
          subject: 'You already have a Tasklane account',
          element: <AccountExists signInUrl={signInUrl} resetUrl={`${config.APP_URL}/reset-password`} />,
          link: signInUrl,
        };
      }
      case 'no-account': {
        const signUpUrl = `${config.APP_URL}/sign-up`;
        return {
          subject: 'Reset requested for an address without an account',
          element: <NoAccount signUpUrl={signUpUrl} />,
          link: signUpUrl,
        };
      }
      case 'invitation':
        return {
          subject: `${email.invitedBy} invited you to ${email.organisationName} on Tasklane`,
          element: (
            <Invitation
              url={email.url}
              organisationName={email.organisationName}
              invitedBy={email.invitedBy}
              role={email.role}
              expiresInDays={daysLeft}
            />
          ),
          link: email.url,
        };
      case 'password-changed':
        return {
          subject: 'Your Tasklane password was changed',
          element: (
            <PasswordChanged resetUrl={email.url} forgotUrl={`${config.APP_URL}/reset-password`} expiresInMinutes={minutesLeft} />
          ),
          link: email.url,
        };
      case 'confirm-email-change':
        return {
          subject: 'Confirm your new email for Tasklane',
          element: <ConfirmEmailChange url={email.url} newEmail={email.newEmail} expiresInMinutes={minutesLeft} />,
          link: email.url,
        };
      case 'email-change-taken': {
        const signInUrl = `${config.APP_URL}/sign-in`;
        return {
          subject: 'This address already has a Tasklane account',
          element: <EmailChangeTaken signInUrl={signInUrl} />,
          link: signInUrl,
        };
      }
      case 'email-change-requested':
        return {
          subject: 'Someone asked to change your Tasklane email',
          element: <EmailChangeRequested newEmail={email.newEmail} cancelUrl={email.url} expiresInDays={daysLeft} />,
          link: email.url,
        };
      case 'email-changed':
        return {
          subject: 'Your Tasklane email was changed',
          element: <EmailChanged newEmail={email.newEmail} revertUrl={email.url} expiresInDays={daysLeft} />,
          link: email.url,
        };
      case 'account-deleted': {
        const signUpUrl = `${config.APP_URL}/sign-up`;
        return {
          subject: 'Your Tasklane account was deleted',
          element: <AccountDeleted signUpUrl={signUpUrl} />,
          link: signUpUrl,
        };
      }
      case 'new-device': {
        const resetUrl = `${config.APP_URL}/reset-password`;
        return {
          subject: `New sign-in to Tasklane from ${email.device}`,
          element: (
            <NewDevice
              device={email.device}
              ip={email.ip}
              at={email.at}
              resetUrl={resetUrl}
              accountUrl={`${config.APP_URL}/account`}
            />
          ),
          link: resetUrl,
        };
      }
      case 'added-to-organisation':
        return {
          subject: `You joined ${email.organisationName} on Tasklane`,
          element: <AddedToOrganisation organisationName={email.organisationName} role={email.role} appUrl={config.APP_URL} />,
          link: config.APP_URL,
        };
      case 'role-changed':
        return {
          subject: `You are now ${email.role} of ${email.organisationName}`,
          element: (
            <RoleChanged organisationName={email.organisationName} role={email.role} by={email.by} appUrl={config.APP_URL} />
          ),
          link: config.APP_URL,
        };
      case 'removed-from-organisation':
        return {
          subject: `You were removed from ${email.organisationName}`,
          element: <RemovedFromOrganisation organisationName={email.organisationName} by={email.by} appUrl={config.APP_URL} />,
          link: config.APP_URL,
        };
      case 'ownership-transferred':
        return {
          subject: `You now own ${email.organisationName} on Tasklane`,
          element: <OwnershipTransferred organisationName={email.organisationName} from={email.from} appUrl={config.APP_URL} />,
          link: config.APP_URL,
        };
      case 'organisation-deleted':
        return {
          subject: `${email.organisationName} was deleted`,
          element: <OrganisationDeleted organisationName={email.organisationName} by={email.by} appUrl={config.APP_URL} />,
          link: config.APP_URL,
        };
      case 'second-factor-added': {
        const resetUrl = `${config.APP_URL}/reset-password`;
        return {
          subject: `An ${email.factor} was added to your Tasklane account`,
          element: <SecondFactorAdded factor={email.factor} resetUrl={resetUrl} />,
          link: resetUrl,
        };
      }
      case 'second-factor-removed': {
        const resetUrl = `${config.APP_URL}/reset-password`;
        return {
          subject: `The ${email.factor} was removed from your Tasklane account`,
          element: <SecondFactorRemoved factor={email.factor} factorsLeft={email.factorsLeft} resetUrl={resetUrl} />,
          link: resetUrl,
        };
      }
      case 'factor-recovery-requested':
        return {
          subject: 'Your Tasklane second factors will be removed unless you cancel',
          element: <FactorRecoveryRequested cancelUrl={email.cancelUrl} effectiveAt={email.effectiveAt} />,
          link: email.cancelUrl,
        };
      case 'factor-recovery-notice':
        return {
          subject: 'A sign-in to your Tasklane account while its second factors are due to be removed',
          element: <FactorRecoveryNotice cancelUrl={email.cancelUrl} effectiveAt={email.effectiveAt} ip={email.ip} />,
          link: email.cancelUrl,
        };
      case 'factor-recovery-cancelled':
        return {
          subject: 'The removal of your Tasklane second factors was cancelled',
          element: <FactorRecoveryCancelled why={email.why} appUrl={config.APP_URL} />,
          link: config.APP_URL,
        };
      case 'factors-removed':
        return {
          subject: 'Your Tasklane second factors were removed: choose a new password',
          element: <FactorsRemoved url={email.url} expiresInMinutes={minutesLeft} />,
          link: email.url,
        };
      case 'confirm-second-factor':
        return {
          subject: 'Confirm adding two-step sign-in to your Tasklane account',
          element: <ConfirmSecondFactor url={email.url} expiresInMinutes={minutesLeft} />,
          link: email.url,
        };
      case 'recovery-code-used': {
        const accountUrl = `${config.APP_URL}/account`;
        return {
          subject: 'A recovery code was used on your Tasklane account',
          element: <RecoveryCodeUsed codesLeft={email.codesLeft} accountUrl={accountUrl} />,
          link: accountUrl,
        };
      }
    }
  })();
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject, html, text, link, ...(headers ? { headers } : {}) };
}
