import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContextOptions, Page } from '@playwright/test';
import { expect, linkFromEmail, PASSWORD, test, uniqueEmail } from './support/fixtures';
import { APP } from './support/topology';

// Saves every page at desktop and phone width into screenshots/ (git-ignored), and records
// the JavaScript each page loads on a cold visit.
const dir = path.join(process.cwd(), 'screenshots');
const widths = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

async function shoot(page: Page, name: string) {
  for (const [label, size] of Object.entries(widths)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(dir, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(widths.desktop);
}

type Weight = { files: number; bytes: number; transferred: number };

/** The JavaScript a cold visit to `route` loads (a fresh context: empty cache, given cookies). */
async function weigh(browser: Browser, route: string, storageState?: BrowserContextOptions['storageState']): Promise<Weight> {
  const context = await browser.newContext({ baseURL: APP, storageState });
  const page = await context.newPage();
  const scripts: Promise<{ bytes: number; transferred: number }>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    scripts.push(
      Promise.all([response.body(), response.request().sizes()]).then(([body, sizes]) => ({
        bytes: body.length,
        transferred: sizes.responseBodySize,
      })),
    );
  });
  await page.goto(route, { waitUntil: 'networkidle' });
  const loaded = await Promise.all(scripts);
  await context.close();
  return {
    files: loaded.length,
    bytes: loaded.reduce((sum, s) => sum + s.bytes, 0),
    transferred: loaded.reduce((sum, s) => sum + s.transferred, 0),
  };
}

test('screenshots of every page, and first-load JavaScript per page', async ({ browser }) => {
  mkdirSync(dir, { recursive: true });
  const weights: Record<string, Weight> = {};
  for (const route of [
    '/sign-in',
    '/sign-up',
    '/reset-password',
    '/status',
    '/join',
    `/verify?token=${'x'.repeat(43)}`,
    `/set-password?token=${'x'.repeat(43)}`,
  ]) {
    weights[route.split('?')[0]!] = await weigh(browser, route);
  }

  const context = await browser.newContext({
    baseURL: APP,
    extraHTTPHeaders: { 'x-forwarded-for': '10.200.0.1' },
  });
  const page = await context.newPage();
  for (const route of ['/sign-in', '/sign-up', '/reset-password', '/status', '/verify']) {
    await page.goto(route);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await shoot(page, route.slice(1));
  }
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill('someone@example.com');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'do not match' })).toBeVisible();
  await shoot(page, 'sign-in-error');

  const email = uniqueEmail('shots');
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
  await shoot(page, 'check-inbox');
  await page.goto(await linkFromEmail(email, '/verify?token='));
  await expect(page.getByRole('button', { name: 'Confirm my email' })).toBeEnabled();
  await shoot(page, 'confirm-email');
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  await expect(page.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  await shoot(page, 'set-password');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Confirm password').fill('shirt');
  await page.getByRole('button', { name: 'Set password' }).click();
  await shoot(page, 'set-password-errors');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByTestId('user-email')).toHaveText(email);
  await shoot(page, 'home-empty');
  for (const title of ['Book the venue', 'Plan the offsite agenda', 'Send invitations to the team']) {
    await page.getByRole('textbox', { name: 'Task title' }).fill(title);
    await page.getByRole('button', { name: 'Add task' }).click();
    await expect(page.getByRole('checkbox', { name: title })).toBeVisible();
  }
  await page.getByRole('checkbox', { name: 'Book the venue' }).check();
  await shoot(page, 'tasks');
  await page.getByRole('button', { name: 'Edit Plan the offsite agenda' }).click();
  await shoot(page, 'task-edit');
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'Members' }).click();
  await page.getByRole('form', { name: 'Invite someone' }).getByLabel('Email').fill(uniqueEmail('teammate'));
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(/Invitation sent to/)).toBeVisible();
  await shoot(page, 'members');
  await page.getByRole('link', { name: 'Account' }).click();
  await expect(
    page.getByRole('region', { name: 'Security activity' }).getByText('Password set from an emailed link'),
  ).toBeVisible();
  await shoot(page, 'account');
  const signedIn = await context.storageState();
  for (const route of ['/', '/members', '/account']) weights[route] = await weigh(browser, route, signedIn);
  writeFileSync(path.join(dir, 'first-load-js.json'), JSON.stringify(weights, null, 2));
  for (const [route, w] of Object.entries(weights)) {
    console.log(
      `first-load JS ${route.padEnd(16)} ${w.files} files, ${(w.bytes / 1024).toFixed(1)} KB (${(w.transferred / 1024).toFixed(1)} KB compressed)`,
    );
  }
  await page.goto(`/set-password?token=${'x'.repeat(43)}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await shoot(page, 'link-expired');
  await context.close();
});
