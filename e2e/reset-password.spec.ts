import {
  choosePassword,
  expect,
  linkFromEmail,
  PASSWORD,
  signInThroughBrowser,
  signUpThroughBrowser,
  test,
  uniqueEmail,
} from './support/fixtures';
import { APP } from './support/topology';

test('forgot password: reset by email, an older session elsewhere is signed out, only the new password works', async ({
  page,
  browser,
}) => {
  const email = uniqueEmail('journey2');
  const newPassword = 'seven quiet lanterns over water';
  await signUpThroughBrowser(page, email);

  // Another browser where the person was signed in earlier.
  const elsewhere = await browser.newContext({ baseURL: APP });
  const other = await elsewhere.newPage();
  await signInThroughBrowser(other, email);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  const since = Date.now();
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();

  await page.goto(await linkFromEmail(email, '/set-password?token=', since));
  await choosePassword(page, 'Choose a new password', newPassword);
  await expect(page.getByTestId('user-email')).toHaveText(email);

  // The earlier session's refresh token was revoked: its next refresh (here, a reload) signs it out.
  await other.reload();
  await expect(other).toHaveURL(/\/sign-in$/);
  await elsewhere.close();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'That email and password do not match.' })).toBeVisible();
  await signInThroughBrowser(page, email, newPassword);
});

test('the reset form gives the same neutral reply for an address without an account', async ({ page }) => {
  await page.goto('/reset-password');
  await page.getByLabel('Email').fill(uniqueEmail('nobody'));
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
  await expect(page.getByText('with the next step to reset your password')).toBeVisible();
});
