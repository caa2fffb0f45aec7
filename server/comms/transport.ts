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
  /** The same on every attempt: SMTP is at-least-once, and receivers drop a repeat by it. */
  messageId: string;
  headers?: Record<string, string>;
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
  // Bounded well inside the outbox's claim on a message (server/comms/sender.ts), so a
  // stalled server cannot keep an attempt alive while another instance retries it.
  const smtp = nodemailer.createTransport({
    url: config.SMTP_URL,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send({ to, subject, html, text, messageId, headers }) {
      await smtp.sendMail({ from: config.MAIL_FROM, to, subject, html, text, messageId, ...(headers ? { headers } : {}) });
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
