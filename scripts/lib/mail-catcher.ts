import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  links: string[];
  messageId: string;
  /** Every header as it came, by lower-case name (the last of a repeated one). */
  headers: Record<string, string>;
  receivedAt: number;
}

export interface MailCatcher {
  port: number;
  messages: CaughtMail[];
  /** Addresses refused with a permanent 550 at RCPT TO. */
  refuse: Set<string>;
  /** The newest mail to `to` received after `since`, waiting up to `timeoutMs` for it. */
  waitFor(to: string, opts?: { since?: number; subject?: RegExp; timeoutMs?: number }): Promise<CaughtMail>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps what nodemailer sends it. */
export async function startMailCatcher(port = 0): Promise<MailCatcher> {
  const messages: CaughtMail[] = [];
  const refuse = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!refuse.has(address.address.toLowerCase())) return callback();
      return callback(Object.assign(new Error('No such mailbox here'), { responseCode: 550 }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const html = typeof mail.html === 'string' ? mail.html : '';
          const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) =>
            a.value.map((v) => v.address ?? ''),
          );
          const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
          for (const recipient of to) {
            messages.push({
              to: recipient.toLowerCase(),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html,
              links,
              messageId: mail.messageId ?? '',
              headers: Object.fromEntries(
                mail.headerLines.map(({ key, line }) => [key.toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
              ),
              receivedAt: Date.now(),
            });
          }
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;

  return {
    port: boundPort,
    messages,
    refuse,
    async waitFor(to, { since = 0, subject, timeoutMs = 5000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages
          .filter((m) => m.to === to.toLowerCase() && m.receivedAt >= since && (!subject || subject.test(m.subject)))
          .at(-1);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`No mail to ${to} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
