import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness';
import { accountWithToken, createAccount, PASSWORD, signIn } from '../support/flows';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const GENERIC = /^Something went wrong on our side\. Try again; if it keeps happening, quote the request id\.$/;

describe('one error boundary: nothing unexpected reaches the client', () => {
  // Regression (issue 8, item 4): "URI malformed" came back with HTTP 500 on every procedure.
  it('ignores a malformed cookie on every kind of procedure', async () => {
    const { headers } = await accountWithToken(h, 'cookie@example.com');
    const bad = { cookie: 'a=%E0%A4%A' };
    expect((await h.http('health.check', { method: 'GET', headers: bad })).status).toBe(200);
    expect((await h.http('auth.me', { method: 'GET', headers: { ...bad, ...headers } })).status).toBe(200);
    expect(
      (await h.http('auth.signIn', { input: { email: 'cookie@example.com', password: PASSWORD }, headers: bad })).status,
    ).toBe(200);
  });

  it('answers a malformed URL, path or query with a 4xx in fixed words', async () => {
    const badPath = await h.http('auth.%E0%A4%A', { method: 'GET' });
    expect(badPath.status).toBe(400);
    expect(badPath.body.error?.message).toBe('The request is malformed.');
    const { headers } = await accountWithToken(h, 'query@example.com');
    const badInput = await h.http('task.list?input=%7B%E0', { method: 'GET', headers });
    expect(badInput.status).toBe(400);
    expect(badInput.body.error?.message).toBe('The request is malformed.');
    const badType = await h.http('auth.signIn', { input: '{}', headers: { 'content-type': 'text/evil; <script>' } });
    expect(badType.status).toBe(415);
    expect(JSON.stringify(badType.body)).not.toContain('<script>');
  });

  it('turns a database failure into a generic 500 with the request id, and logs the cause', async () => {
    const broken = await createHarness();
    try {
      await createAccount(broken, 'dbfail@example.com');
      await broken.deps.db.client.close(); // from now on, every query throws
      const reply = await signIn(broken, 'dbfail@example.com');
      expect(reply.status).toBe(500);
      expect(reply.body.error?.message).toMatch(GENERIC);
      const requestId = reply.body.error?.data['requestId'];
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(reply.body)).not.toMatch(/Mongo|client|closed|topology|stack|\.ts|E11000/i);
      const logged = broken.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['requestId'] === requestId);
      expect(logged).toMatchObject({ level: 'error', m: 'unexpected error', path: 'auth.signIn' });
      expect(String(logged!['error'])).toMatch(/Mongo|closed|client/i);
    } finally {
      await broken.close().catch(() => undefined);
    }
  });

  it('keeps a duplicate-key message, with the email inside it, out of the reply', async () => {
    const { headers } = await accountWithToken(h, 'dup@example.com');
    // A unique index the code does not expect to hit: task titles, made unique for this test only.
    await h.deps.db.mongo.collection('tasks').createIndex({ title: 1 }, { unique: true, name: 'test_title_unique' });
    try {
      expect((await h.http('task.create', { input: { title: 'dup@example.com' }, headers })).status).toBe(200);
      const reply = await h.http('task.create', { input: { title: 'dup@example.com' }, headers });
      expect(reply.status).toBe(500);
      expect(reply.body.error?.message).toMatch(GENERIC);
      expect(JSON.stringify(reply.body)).not.toMatch(/dup@example\.com|E11000|duplicate/i);
    } finally {
      await h.deps.db.mongo.collection('tasks').dropIndex('test_title_unique');
    }
  });

  it('answers the public health check with ok only, and tells the database details to the operator on loopback alone', async () => {
    const direct = await h.http('health.check', { method: 'GET' });
    expect(direct.body.result?.data).toMatchObject({ status: 'ok', database: { engine: 'FerretDB' } });
    const forwarded = await h.http('health.check', { method: 'GET', headers: { 'x-forwarded-for': '203.0.113.5' } });
    expect(forwarded.body.result?.data).toEqual({ status: 'ok' });
  });
});
