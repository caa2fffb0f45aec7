import { Secret, TOTP } from 'otpauth';
import type { Page } from '@playwright/test';
import {
  expect,
  expectNoSeriousViolations,
  followFactorEmail,
  linkFromEmail,
  PASSWORD,
  signUpThroughBrowser,
  test,
  uniqueEmail,
} from './support/fixtures';

/** What the person's phone would show, `steps` 30-second steps from now. */
function codeFor(secret: string, steps = 0): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + steps * 30_000 });
}

async function signInUpToTheCode(page: Page, email: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Confirm it’s you' })).toBeVisible();
}

test('adding an authenticator app, then signing in with a code from it and with a recovery code', async ({ page }) => {
  const email = uniqueEmail('totp');
  await signUpThroughBrowser(page, email);
  await page.getByRole('link', { name: 'Account' }).click();
  const panel = page.getByRole('region', { name: 'Two-step sign-in' });
  await panel.getByLabel('Current password').fill(PASSWORD);
  const since = Date.now();
  await panel.getByRole('button', { name: 'Set up an authenticator app' }).click();
  // Knowing the password is not enough to add the first factor: the account's mailbox confirms it.
  await followFactorEmail(page, email, since);
  await expectNoSeriousViolations(page, 'factor link followed');
  await panel.getByLabel('Current password').fill(PASSWORD);
  await panel.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(panel.getByRole('img', { name: 'QR code to scan with your authenticator app' })).toBeVisible();
  const secret = (await panel.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await expectNoSeriousViolations(page, 'authenticator set-up');

  await panel.getByLabel('Code from the app').fill('000000');
  await panel.getByRole('button', { name: 'Turn on' }).click();
  await expect(panel.getByText('That code is not right')).toBeVisible();
  await panel.getByLabel('Code from the app').fill(codeFor(secret));
  await panel.getByRole('button', { name: 'Turn on' }).click();
  const codes = panel.getByTestId('recovery-codes').getByRole('listitem');
  await expect(codes).toHaveCount(10);
  const recoveryCode = await codes.nth(0).innerText();
  await expectNoSeriousViolations(page, 'recovery codes shown once');
  await panel.getByRole('button', { name: 'I have saved them' }).click();
  await expect(panel.getByText('Authenticator app: on.')).toBeVisible();
  await expect(panel.getByTestId('recovery-codes-left')).toHaveText('10 recovery codes left.');

  // A sensitive change now asks for a code too.
  await expect(
    page.getByRole('region', { name: 'Change your password' }).getByLabel('Code from your authenticator app'),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInUpToTheCode(page, email);
  await expectNoSeriousViolations(page, 'second step of sign-in');
  await page.getByLabel('Code from your authenticator app').fill('123456');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('That code is not right')).toBeVisible();
  // The enrolment used this step's code: the next step's is the one the phone shows soon, and it is accepted now.
  await page.getByLabel('Code from your authenticator app').fill(codeFor(secret, 1));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('user-email')).toHaveText(email);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInUpToTheCode(page, email);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(recoveryCode);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByTestId('user-email')).toHaveText(email);
  await page.goto('/account');
  await expect(page.getByTestId('recovery-codes-left')).toHaveText('9 recovery codes left.');
  await expect(page.getByRole('region', { name: 'Security activity' }).getByText('Used a recovery code')).toBeVisible();

  // Every factor lost: the request waits 72 hours and is emailed with a way to cancel.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInUpToTheCode(page, email);
  await page.getByRole('button', { name: 'Lost your phone, your passkeys and your recovery codes?' }).click();
  await expectNoSeriousViolations(page, 'lost every factor');
  await page.getByRole('button', { name: 'Remove my second factors after 72 hours' }).click();
  await expect(page.getByRole('heading', { name: 'Recovery requested' })).toBeVisible();
  await expectNoSeriousViolations(page, 'recovery requested');
  await page.goto(await linkFromEmail(email, '/cancel-recovery?token='));
  await page.getByRole('button', { name: 'Cancel the removal' }).click();
  await expect(page.getByRole('heading', { name: 'Nothing will be removed' })).toBeVisible();
});
