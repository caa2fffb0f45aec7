import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxReport } from '@/scripts/outbox.mjs';
import { createDatabase } from '@/prisma/db';
import { startMailCatcher, type MailCatcher } from '@/scripts/lib/mail-catcher';
import { resetPassword } from '@/server/auth/password-tokens';
import { createVerificationToken } from '@/server/auth/sign-up';
import { startOutboxSender } from '@/server/comms/sender';
import { createDeps } from '@/server/composition-root';
import { createHarness, type Harness } from '../support/harness';
import { personIp } from '../support/flows';

const clientFor = (email: string) => ({ ip: personIp(email)['x-forwarded-for'], userAgent: 'vitest' });

async function until<T>(what: string, read: () => PromiseLike<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const statuses = (h: Harness) => h.deps.db.orm.outbox.select('to', 'status', 'attempts', 'lastError', 'sealed').all();

describe('the outbox', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ OUTBOX_RETRY_BASE_MS: '100', RATE_LIMIT_SCALE: '100' });
  });
  afterAll(() => h.close());

  it('lets sign-up succeed while SMTP is down, then delivers every mail once when it is back', async () => {
    const port = h.mail.port;
    await h.mail.close();
    const people = Array.from({ length: 10 }, (_, i) => `outage${i}@example.com`);
    const outageStarted = Date.now();
    const api = await h.caller();
    for (const email of people) expect(await api.auth.signUp({ email })).toEqual({ ok: true });
    // Attempts fail and are rescheduled meanwhile; none is given up.
    await until(
      'failed attempts',
      () => statuses(h),
      (rows) => rows.some((r) => r.attempts > 0 && r.lastError),
    );
    expect((await statuses(h)).every((r) => r.status === 'pending')).toBe(true);

    const back: MailCatcher = await startMailCatcher(port);
    try {
      const backAt = Date.now();
      await until(
        'all ten mails',
        async () => back.messages.length,
        (n) => n >= 10,
      );
      const drained = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 500)); // a duplicate would arrive now
      expect(back.messages.map((m) => m.to).sort()).toEqual([...people].sort());
      expect(new Set(back.messages.map((m) => m.messageId)).size).toBe(10);
      console.log(
        `outbox: SMTP down ${((backAt - outageStarted) / 1000).toFixed(1)} s; backlog of 10 delivered ` +
          `${((drained - backAt) / 1000).toFixed(1)} s after SMTP came back`,
      );
      // The link works: the email is what the person needs.
      const link = back.messages.find((m) => m.to === people[0])!.links.find((l) => l.includes('/verify?token='))!;
      const token = new URL(link).searchParams.get('token')!;
      expect((await api.auth.verifyEmail({ token })).email).toBe(people[0]);
    } finally {
      await back.close();
    }
  });
});

describe('the outbox with SMTP up', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ RATE_LIMIT_SCALE: '100' });
  });
  afterAll(() => h.close());

  it('keeps no usable link in clear, and logs one line per attempt with no link in it', async () => {
    const since = Date.now();
    await (await h.caller()).auth.signUp({ email: 'sealed@example.com' });
    const mail = await h.mail.waitFor('sealed@example.com', { since });
    const token = new URL(mail.links.find((l) => l.includes('token='))!).searchParams.get('token')!;
    const stored = JSON.stringify(await h.deps.db.mongo.collection('outbox').find({}).toArray());
    expect(stored).not.toContain(token);
    // The sender logs the attempt once it has recorded it, a moment after SMTP accepted the mail.
    await expect.poll(() => h.logs.filter((l) => l.includes('email attempt')).length).toBeGreaterThan(0);
    const attempts = h.logs.filter((l) => l.includes('email attempt'));
    expect(attempts.join('\n')).not.toContain(token);
    expect(attempts.join('\n')).not.toContain('sealed@example.com');
    expect(mail.messageId).toMatch(/^<[0-9a-f]{24}@localhost>$/);
  });
});

describe('the outbox, for mail queued while SMTP is down', () => {
  let h: Harness;
  let port: number;
  beforeAll(async () => {
    h = await createHarness({ OUTBOX_RETRY_BASE_MS: '100', RATE_LIMIT_SCALE: '100' });
    port = h.mail.port;
    await h.mail.close();
  });
  afterAll(() => h.close());

  it('never sends a link that was replaced or has expired meanwhile', async () => {
    const api = await h.caller(undefined, { ip: '10.9.9.9' });
    await api.auth.signUp({ email: 'replaced@example.com' });
    await api.auth.signUp({ email: 'replaced@example.com' });
    await resetPassword(h.deps, 'nobody-here@example.com', clientFor('nobody-here@example.com')); // a note, no link
    h.advance(2 * 60 * 60 * 1000); // past the verification link's hour
    // The next attempt at each drops it, SMTP or not; only then does SMTP come back, so that an
    // attempt that checked its link just before the clock moved cannot reach it.
    const rows = await until(
      'both messages dropped',
      () => h.deps.db.orm.outbox.where({ to: 'replaced@example.com' }).select('status').all(),
      (all) => all.length === 2 && all.every((r) => r.status !== 'pending'),
    );
    expect(rows.map((r) => r.status)).toEqual(['dropped', 'dropped']);
    const back = await startMailCatcher(port);
    try {
      await until(
        'the note',
        async () => back.messages.filter((m) => m.to === 'nobody-here@example.com').length,
        (n) => n > 0,
      );
      expect(back.messages.filter((m) => m.to === 'replaced@example.com')).toHaveLength(0);
    } finally {
      await back.close();
      h.advance(-2 * 60 * 60 * 1000);
    }
  });

  it('sends only the newest of two links to one address, and it works', async () => {
    const api = await h.caller(undefined, { ip: '10.9.9.10' });
    await api.auth.signUp({ email: 'newest@example.com' });
    await api.auth.signUp({ email: 'newest@example.com' });
    // The replaced one is dropped at its next attempt, before SMTP comes back.
    await until(
      'the replaced message dropped',
      () => h.deps.db.orm.outbox.where({ to: 'newest@example.com' }).select('status').all(),
      (all) => all.some((r) => r.status === 'dropped'),
    );
    const back = await startMailCatcher(port);
    try {
      const rows = await until(
        'both messages finished',
        () => h.deps.db.orm.outbox.where({ to: 'newest@example.com' }).select('status', 'createdAt').all(),
        (all) => all.length === 2 && all.every((r) => r.status !== 'pending'),
      );
      expect(rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((r) => r.status)).toEqual([
        'dropped',
        'sent',
      ]);
      const sent = back.messages.filter((m) => m.to === 'newest@example.com');
      expect(sent).toHaveLength(1);
      const token = new URL(sent[0]!.links.find((l) => l.includes('token='))!).searchParams.get('token')!;
      expect((await api.auth.verifyEmail({ token })).email).toBe('newest@example.com');
    } finally {
      await back.close();
    }
  });
});

describe('the outbox on a refusing server', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ OUTBOX_RETRY_BASE_MS: '50', RATE_LIMIT_SCALE: '100' });
  });
  afterAll(() => h.close());

  it('marks a message failed after the retries when SMTP refuses it permanently (550)', async () => {
    h.mail.refuse.add('nobody@example.com');
    await (await h.caller()).auth.signUp({ email: 'nobody@example.com' });
    const [row] = await until(
      'the message to fail',
      () => h.deps.db.orm.outbox.where({ to: 'nobody@example.com' }).select('status', 'attempts', 'lastError', 'sealed').all(),
      (rows) => rows[0]?.status === 'failed',
    );
    expect(row).toMatchObject({ status: 'failed', attempts: 3 });
    expect(row!.lastError).toMatch(/550/);
    expect(h.logs.filter((l) => l.includes('email attempt') && l.includes('"outcome":"failed"'))).toHaveLength(1);

    // `npm run outbox` shows it; `npm run outbox -- retry` sends it once the address takes mail.
    const report = spawnSync(process.execPath, ['scripts/outbox.mjs'], {
      env: { ...process.env, DATABASE_URL: h.deps.config.DATABASE_URL },
      encoding: 'utf8',
    });
    expect(report.stdout).toMatch(/failed: 1/);
    h.mail.refuse.delete('nobody@example.com');
    const retried = spawnSync(process.execPath, ['scripts/outbox.mjs', 'retry'], {
      env: { ...process.env, DATABASE_URL: h.deps.config.DATABASE_URL },
      encoding: 'utf8',
    });
    expect(retried.stdout).toMatch(/1 failed message\(s\) queued again/);
    await h.mail.waitFor('nobody@example.com', { timeoutMs: 15_000 });
    // The SMTP server holds the message a moment before the worker records it as sent.
    const { counts } = await until(
      'the retried message to be recorded as sent',
      () => outboxReport(h.deps.db.mongo, new Date()),
      (r) => r.counts.pending === 0,
    );
    expect(counts).toMatchObject({ sent: 1, failed: 0, pending: 0 });
  });
});

describe('two app instances on one outbox', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ RATE_LIMIT_SCALE: '1000' });
  });
  afterAll(() => h.close());

  it('send every message exactly once under load (5 rounds)', async () => {
    const other = createDeps(h.deps.config, createDatabase(h.deps.config.DATABASE_URL), { log: h.deps.log });
    const otherSender = startOutboxSender(other, { pollMs: 100 });
    try {
      for (let round = 0; round < 5; round++) {
        const emails = Array.from({ length: 30 }, (_, i) => `r${round}-p${i}@example.com`);
        await Promise.all(
          emails.map((email, i) => createVerificationToken(i % 2 === 0 ? h.deps : other, email, clientFor(email))),
        );
        await until(
          `round ${round} delivered`,
          async () => h.mail.messages.filter((m) => m.to.startsWith(`r${round}-`)).length,
          (n) => n >= emails.length,
        );
        await new Promise((resolve) => setTimeout(resolve, 300)); // let any duplicate arrive
        const received = h.mail.messages.filter((m) => m.to.startsWith(`r${round}-`)).map((m) => m.to);
        expect(received.sort()).toEqual([...emails].sort());
      }
    } finally {
      await otherSender.stop(5000);
      await other.db.close();
    }
  });
});
