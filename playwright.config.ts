import { randomBytes } from 'node:crypto';
import { defineConfig, devices } from '@playwright/test';
import { APP, FAST_APP } from './e2e/support/topology';
import { PORTS } from './scripts/lib/topology.mjs';

const databaseUrl = process.env['E2E_DATABASE_URL'] ?? `mongodb://127.0.0.1:${PORTS.testFerretDb}/e2e`;

const appEnv = {
  DATABASE_URL: databaseUrl,
  JWT_SECRET: process.env['E2E_JWT_SECRET'] ?? randomBytes(32).toString('base64url'),
  SMTP_URL: `smtp://127.0.0.1:${PORTS.mailSmtp}`,
  PASSWORD_PEPPER: randomBytes(32).toString('base64url'),
  DATA_KEY: randomBytes(32).toString('base64url'),
  BCRYPT_COST: '4',
  NODE_ENV: 'production',
  // The journeys play many people from one machine: each test sends its own X-Forwarded-For,
  // and the test runner on loopback is the trusted proxy that may set it.
  TRUST_PROXY: 'loopback',
};

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  reporter: process.env['PLAYWRIGHT_JSON_OUTPUT_NAME'] ? [['list'], ['json']] : [['list']],
  use: {
    baseURL: APP,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: [
    {
      command: 'npx tsx scripts/mail-catcher-server.ts',
      url: `http://127.0.0.1:${PORTS.mailHttp}/`,
      reuseExistingServer: false,
      stdout: 'ignore',
    },
    {
      command: 'node server/http/serve.mjs',
      url: `${APP}/api/trpc/health.check`,
      env: { ...appEnv, PORT: String(PORTS.e2eApp), APP_URL: APP },
      reuseExistingServer: false,
      stdout: 'ignore',
    },
    {
      // A second instance on the same database with 5-second access tokens and 3-second links:
      // the refresh and expiry journeys
      // run here, and two instances sharing one database is how the app scales.
      command: 'node server/http/serve.mjs',
      url: `${FAST_APP}/api/trpc/health.check`,
      env: { ...appEnv, PORT: String(PORTS.e2eFastApp), APP_URL: FAST_APP, ACCESS_TOKEN_TTL: '5', VERIFICATION_TOKEN_TTL: '3' },
      reuseExistingServer: false,
      stdout: 'ignore',
    },
  ],
});
