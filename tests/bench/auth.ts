// Measures sign-in and refresh latency through the real tRPC handler (in-process) on a fresh
// FerretDB, with the production bcrypt cost unless BCRYPT_COST says otherwise. Prints figures;
// asserts nothing. Run: npx tsx tests/bench/auth.ts
import { createHarness, type Harness } from '../support/harness';
import { createAccount, PASSWORD, refreshCookie, withCookie } from '../support/flows';
import { startThrowawayDb } from '../../scripts/embedded-db.mjs';
import { PORTS } from '../../scripts/lib/topology.mjs';
import { measure } from './measure';

const ferret = await startThrowawayDb({
  ferretPort: PORTS.benchAuthFerretDb,
  postgresPort: PORTS.benchAuthPostgres,
  dbName: 'bench',
});
process.env['TEST_DATABASE_URL'] = ferret.url;
const cost = process.env['BCRYPT_COST'] ?? '12';

let h: Harness | undefined;
try {
  h = await createHarness({ BCRYPT_COST: cost, ENUMERATION_FLOOR_MS: '400', RATE_LIMIT_SCALE: '1000' });
  const harness = h;
  await createAccount(harness, 'bench@example.com');
  console.log(`bcrypt cost ${cost}, FerretDB ${ferret.url}, ${new Date().toISOString()}`);

  await measure('signIn (correct password)', 20, async () => {
    const r = await harness.http('auth.signIn', { input: { email: 'bench@example.com', password: PASSWORD } });
    if (r.status !== 200) throw new Error(`signIn ${r.status}`);
  });
  await measure('signIn (unknown email, dummy hash)', 20, async (i) => {
    const r = await harness.http('auth.signIn', { input: { email: `nobody${i}@example.com`, password: PASSWORD } });
    if (r.status !== 401) throw new Error(`signIn ${r.status}`);
  });
  let token = refreshCookie(
    await harness.http('auth.signIn', { input: { email: 'bench@example.com', password: PASSWORD } }),
  )!.value;
  await measure('refreshTokens (rotation)', 100, async () => {
    const r = await harness.http('auth.refreshTokens', { headers: withCookie(token) });
    if (r.status !== 200) throw new Error(`refresh ${r.status}`);
    token = refreshCookie(r)!.value;
  });
  const session = await harness.http('auth.refreshTokens', { headers: withCookie(token) });
  const access = (session.body.result!.data as { accessToken: string }).accessToken;
  await measure('me (JWT check, live-session read, 2 reads)', 300, async () => {
    const r = await harness.http('auth.me', { method: 'GET', headers: { authorization: `Bearer ${access}` } });
    if (r.status !== 200) throw new Error(`me ${r.status}`);
  });
  await measure('signUp (known vs new: floor 400 ms)', 10, async (i) => {
    await harness.http('auth.signUp', { input: { email: i % 2 ? 'bench@example.com' : `new${i}@example.com` } });
  });
} finally {
  await h?.close();
  await ferret.stop();
}
