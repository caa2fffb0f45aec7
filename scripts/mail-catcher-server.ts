// The end-to-end tests' inbox: a real SMTP server, with its messages readable over loopback HTTP.
import http from 'node:http';
import { startMailCatcher } from './lib/mail-catcher';
import { PORTS } from './lib/topology.mjs';

const smtpPort = Number(process.env['MAIL_SMTP_PORT'] ?? PORTS.mailSmtp);
const httpPort = Number(process.env['MAIL_HTTP_PORT'] ?? PORTS.mailHttp);
const catcher = await startMailCatcher(smtpPort);

http
  .createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const to = url.searchParams.get('to')?.toLowerCase();
    const messages = catcher.messages.filter((m) => !to || m.to === to);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(messages));
  })
  .listen(httpPort, '127.0.0.1', () => console.log(`mail catcher: SMTP ${smtpPort}, HTTP ${httpPort}`));
