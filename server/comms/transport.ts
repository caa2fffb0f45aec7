import nodemailer from 'nodemailer';
import type { Config } from '../config';
import type { Logger } from '../lib/logger';

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** The action link, for the development transport's console line. */
  link: string;
}

export interface Transport {
  send(email: OutgoingEmail): Promise<void>;
}

/** SMTP when SMTP_URL is set (Amazon SES included, through its SMTP interface); otherwise the console. */
export function createTransport(config: Config, log: Logger): Transport {
  if (!config.SMTP_URL) {
    if (config.NODE_ENV === 'production') {
      log.warn(
        '!!! SMTP_URL is unset: emails, with their sign-in links, are printed to this log instead of sent. ' +
          'Set SMTP_URL before real people use this server. !!!',
      );
    }
    return consoleTransport(log);
  }
  const smtp = nodemailer.createTransport(config.SMTP_URL);
  return {
    async send({ to, subject, html, text }) {
      await smtp.sendMail({ from: config.MAIL_FROM, to, subject, html, text });
    },
  };
}

// Development only: with no SMTP server configured, the link has to reach the developer somehow.
function consoleTransport(log: Logger): Transport {
  return {
    async send({ to, subject, link }) {
      log.info('email (console transport)', { to, subject, link });
    },
  };
}
