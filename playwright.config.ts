import { randomBytes } from 'node:crypto';
import { defineConfig, devices } from '@playwright/test';

const databaseUrl = process.env['E2E_DATABASE_URL'] ?? 'mongodb://127.0.0.1:27028/e2e';

const appEnv = {
  DATABASE_URL: databaseUrl,
  JWT_SECRET: process.env['E2E_JWT_SECRET'] ?? randomBytes(32).toString('base64url'),
  SMTP_URL: 'smtp://127.0.0.1:2525',
  PASSWORD_PEPPER: randomBytes(32).toString('base64url'),
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
    baseURL: 'http://localhost:3100',
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
      url: 'http://127.0.0.1:2580/',
      reuseExistingServer: false,
      stdout: 'ignore',
    },
    {
      command: 'node server/http/serve.mjs',
      url: 'http://localhost:3100/api/trpc/health.check',
      env: { ...appEnv, PORT: '3100', APP_URL: 'http://localhost:3100' },
      reuseExistingServer: false,
      stdout: 'ignore',
    },
    {
      // A second instance on the same database with 5-second access tokens and 3-second links:
      // the refresh and expiry journeys
      // run here, and two instances sharing one database is how the app scales.
      command: 'node server/http/serve.mjs',
      url: 'http://localhost:3101/api/trpc/health.check',
      env: { ...appEnv, PORT: '3101', APP_URL: 'http://localhost:3101', ACCESS_TOKEN_TTL: '5', VERIFICATION_TOKEN_TTL: '3' },
      reuseExistingServer: false,
      stdout: 'ignore',
    },
  ],
});
