import { randomBytes } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

import { FAST_APP, MAIL_HTTP } from './topology';

export { FAST_APP };
export const PASSWORD = 'purple elephants dance at noon';

/** A fresh address per call, so that journeys never share an account. */
export function uniqueEmail(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}@example.com`;
}

interface Mail {
  to: string;
  subject: string;
  links: string[];
  receivedAt: number;
}

/** The newest email to `to` (received after `since`) whose links include `linkPart`. */
export async function linkFromEmail(to: string, linkPart: string, since = 0): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        const mails = (await (await fetch(`${MAIL_HTTP}/?to=${encodeURIComponent(to)}`)).json()) as Mail[];
        found = mails
          .filter((m) => m.receivedAt >= since)
          .flatMap((m) => m.links)
          .filter((l) => l.includes(linkPart))
          .at(-1);
        return found;
      },
      { message: `an email to ${to} with a ${linkPart} link`, timeout: 10_000 },
    )
    .toBeTruthy();
  return found!;
}

/** Every email to `to` received after `since`. */
export async function mailsTo(to: string, since = 0): Promise<Mail[]> {
  const mails = (await (await fetch(`${MAIL_HTTP}/?to=${encodeURIComponent(to)}`)).json()) as Mail[];
  return mails.filter((m) => m.receivedAt >= since);
}

export async function mailCount(to: string): Promise<number> {
  return ((await (await fetch(`${MAIL_HTTP}/?to=${encodeURIComponent(to)}`)).json()) as Mail[]).length;
}

/**
 * Opens an emailed link and presses its one button, as a person does: the page alone uses
 * nothing up (mail scanners open links too).
 */
export async function openEmailLink(page: Page, link: string): Promise<void> {
  await page.goto(link);
  const action = link.includes('/join?') ? 'Accept the invitation' : 'Confirm my email';
  await page.getByRole('button', { name: action }).click();
}

/**
 * The first second factor needs the link emailed to the account's address (docs/mfa.md): the panel
 * says so after the password; follow the link in this browser, back to the account page.
 */
export async function followFactorEmail(page: Page, email: string, since: number): Promise<void> {
  await expect(page.getByText('open the link we just emailed').first()).toBeVisible();
  await page.goto(await linkFromEmail(email, 'factor-grant=', since));
  await expect(page.getByText('Your email is confirmed.')).toBeVisible();
  // The link's token leaves the address bar (and the history) once read.
  await expect(page).toHaveURL(/\/account$/);
}

/** Sign up, follow the emailed link and set the password, all in the browser; ends signed in on "/". */
export async function signUpThroughBrowser(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  const since = Date.now();
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
  await openEmailLink(page, await linkFromEmail(email, '/verify?token=', since));
  await choosePassword(page, 'Choose your password', password);
  await expect(page.getByTestId('user-email')).toHaveText(email);
}

/** Fills the set-password form (under the given heading) and submits it. */
export async function choosePassword(page: Page, heading: string, password = PASSWORD): Promise<void> {
  await expect(page.getByRole('heading', { name: heading })).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Confirm password').fill(password);
  await page.getByRole('button', { name: 'Set password' }).click();
}

export async function signInThroughBrowser(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('user-email')).toHaveText(email);
}

/** Axe finds no serious or critical violation on the page as it stands. */
export async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  // After a client-side navigation Next.js sets the new page's <title> a moment later (streamed metadata).
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(serious, label).toEqual([]);
}

/**
 * Each test is its own client: a random X-Forwarded-For address (per-IP limits then apply per
 * test, as they would per person), and any Content-Security-Policy violation fails the test.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  extraHTTPHeaders: async ({}, use) => {
    await use({ 'x-forwarded-for': `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}` });
  },
  cspViolations: async ({ context }, use) => {
    const violations: string[] = [];
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await use(violations);
    expect(violations, 'Content-Security-Policy violations').toEqual([]);
  },
  page: async ({ page, cspViolations }, use) => {
    void cspViolations;
    await use(page);
  },
});

export { expect };
