import { render } from '@react-email/render';
import type { ReactElement } from 'react';
import AccountExists from '@/emails/account-exists';
import Invitation, { type InvitationProps } from '@/emails/invitation';
import NoAccount from '@/emails/no-account';
import ResetPassword from '@/emails/reset-password';
import VerifyEmail from '@/emails/verify-email';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { Logger } from '../lib/logger';
import { createTransport, type Transport } from './transport';

export interface Comms {
  sendVerificationEmail(to: string, url: string): Promise<void>;
  sendAccountExistsEmail(to: string): Promise<void>;
  sendPasswordResetEmail(to: string, url: string): Promise<void>;
  sendNoAccountEmail(to: string): Promise<void>;
  sendInvitationEmail(to: string, invitation: Omit<InvitationProps, 'expiresInDays'>): Promise<void>;
}

/** The comms service: renders a React Email template and hands it to the transport. */
export function createComms(config: Config, log: Logger, transport: Transport = createTransport(config, log)): Comms {
  async function send(to: string, subject: string, element: ReactElement, link: string): Promise<void> {
    const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
    try {
      await transport.send({ to, subject, html, text, link });
    } catch (error) {
      // The reason is logged; the recipient and link are not, they are personal data and a secret.
      log.error('email send failed', { subject, reason: (error as Error).message });
      throw new AppError('EMAIL_NOT_SENT');
    }
  }
  const minutes = (seconds: number) => Math.round(seconds / 60);

  return {
    sendVerificationEmail: (to, url) =>
      send(
        to,
        'Confirm your email for Tasklane',
        <VerifyEmail url={url} expiresInMinutes={minutes(config.VERIFICATION_TOKEN_TTL)} />,
        url,
      ),
    sendAccountExistsEmail: (to) => {
      const signInUrl = `${config.APP_URL}/sign-in`;
      return send(
        to,
        'You already have a Tasklane account',
        <AccountExists signInUrl={signInUrl} resetUrl={`${config.APP_URL}/reset-password`} />,
        signInUrl,
      );
    },
    sendNoAccountEmail: (to) => {
      const signUpUrl = `${config.APP_URL}/sign-up`;
      return send(to, 'Reset requested for an address without an account', <NoAccount signUpUrl={signUpUrl} />, signUpUrl);
    },
    sendInvitationEmail: (to, invitation) =>
      send(
        to,
        `${invitation.invitedBy} invited you to ${invitation.organisationName} on Tasklane`,
        <Invitation {...invitation} expiresInDays={Math.round(config.INVITATION_TTL / 86_400)} />,
        invitation.url,
      ),
    sendPasswordResetEmail: (to, url) =>
      send(
        to,
        'Reset your Tasklane password',
        <ResetPassword url={url} expiresInMinutes={minutes(config.PASSWORD_TOKEN_TTL)} />,
        url,
      ),
  };
}
