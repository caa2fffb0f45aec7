import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDevice } from '@/server/lib/device';
import { createHarness, type Harness } from '../support/harness';
import { createAccount, data, refreshCookie, signIn, withCookie } from '../support/flows';

const FIREFOX = 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ RATE_LIMIT_SCALE: '100' });
});
afterAll(() => h.close());

type SignedIn = { accessToken: string; cookie: string };
async function device(email: string, userAgent: string): Promise<SignedIn> {
  const reply = await signIn(h, email, undefined, { 'user-agent': userAgent });
  expect(reply.status).toBe(200);
  return { accessToken: data<{ accessToken: string }>(reply).accessToken, cookie: refreshCookie(reply)!.value };
}
const bearer = (who: SignedIn) => ({ authorization: `Bearer ${who.accessToken}` });
type Listed = { id: string; device: string; current: boolean; ip: string | null }[];

describe('account sessions', () => {
  it('lists every live session with its device, marks this one, and ends another at once', async () => {
    await createAccount(h, 'devices@example.com');
    const laptop = await device('devices@example.com', FIREFOX);
    const phone = await device('devices@example.com', SAFARI);

    const listed = data<Listed>(await h.http('account.sessions', { method: 'GET', headers: bearer(laptop) }));
    expect(listed.map((s) => s.device)).toEqual(
      expect.arrayContaining(['Firefox 133 on Ubuntu', 'Mobile Safari 17 on iOS 17.5']),
    );
    expect(listed.filter((s) => s.current).map((s) => s.device)).toEqual(['Firefox 133 on Ubuntu']);
    const phoneSession = listed.find((s) => s.device.startsWith('Mobile Safari'))!;

    expect((await h.http('account.endSession', { input: { id: phoneSession.id }, headers: bearer(laptop) })).status).toBe(200);
    // The phone's access token is refused at its next call, and its refresh token is dead.
    expect((await h.http('auth.me', { method: 'GET', headers: bearer(phone) })).status).toBe(401);
    expect((await h.http('auth.refreshTokens', { headers: withCookie(phone.cookie) })).status).toBe(401);
    expect((await h.http('auth.me', { method: 'GET', headers: bearer(laptop) })).status).toBe(200);
  });

  it("ends every other session, keeps this one, and cannot touch another account's", async () => {
    await createAccount(h, 'many@example.com');
    const mine = await device('many@example.com', FIREFOX);
    const others = await Promise.all([device('many@example.com', SAFARI), device('many@example.com', SAFARI)]);
    await createAccount(h, 'stranger@example.com');
    const stranger = await device('stranger@example.com', FIREFOX);
    const strangers = data<Listed>(await h.http('account.sessions', { method: 'GET', headers: bearer(stranger) }));

    const refused = await h.http('account.endSession', { input: { id: strangers[0]!.id }, headers: bearer(mine) });
    expect(refused.status).toBe(404);
    expect((await h.http('auth.me', { method: 'GET', headers: bearer(stranger) })).status).toBe(200);

    expect((await h.http('account.endOtherSessions', { headers: bearer(mine) })).status).toBe(200);
    for (const other of others) expect((await h.http('auth.me', { method: 'GET', headers: bearer(other) })).status).toBe(401);
    const left = data<Listed>(await h.http('account.sessions', { method: 'GET', headers: bearer(mine) }));
    expect(left.map((s) => s.current)).toEqual([true]);
  });

  it('needs a signed-in caller and a valid id', async () => {
    expect((await h.http('account.sessions', { method: 'GET' })).status).toBe(401);
    const me = await device('devices@example.com', FIREFOX);
    const bad = await h.http('account.endSession', { input: { id: 'nope' }, headers: bearer(me) });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/id: This is not a valid id/);
  });
});

describe('describeDevice', () => {
  it('names browser and system, and says so when the user agent says nothing', () => {
    expect(describeDevice(FIREFOX)).toBe('Firefox 133 on Ubuntu');
    expect(describeDevice(null)).toBe('Unknown device');
    expect(describeDevice('curl/8.5.0')).toBe('Unknown device');
  });
});
