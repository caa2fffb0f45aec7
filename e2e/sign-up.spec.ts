import { expect, linkFromEmail, PASSWORD, signInThroughBrowser, test, uniqueEmail } from './support/fixtures';

test('sign up, confirm by email, set a password, stay signed in across a reload, sign out and back in', async ({ page }) => {
  const email = uniqueEmail('journey1');

  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/); // signed out: home leads to sign in
  await page.getByRole('link', { name: 'Create an account' }).click();
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();

  await page.getByLabel('Email').fill(email);
  const since = Date.now();
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
  await expect(page.getByText(`We sent an email to ${email}`)).toBeVisible();

  const link = await linkFromEmail(email, '/verify?token=', since);
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Confirm your email' })).toBeVisible();
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  await expect(page).toHaveURL(/\/set-password\?token=/);
  await expect(page.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  await expect(page.getByText('At least 8 characters; 15 or more is stronger.')).toBeVisible();

  await page.getByLabel('Your name').fill('  Ada   Lovelace ');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password').fill(`${PASSWORD}!`);
  await page.getByRole('button', { name: 'Set password' }).click();
  await expect(page.getByText('The two passwords do not match.')).toBeVisible();
  await page.getByLabel('Confirm password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set password' }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('user-email')).toHaveText(email);
  await expect(page.getByTestId('user-name')).toHaveText('Ada Lovelace');
  await expect(page.getByTestId('organisation-switcher').locator('option:checked')).toHaveText(
    `${email.split('@')[0]}'s organisation`,
  );

  await page.reload();
  await expect(page.getByTestId('user-email')).toHaveText(email);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByTestId('user-email')).toHaveCount(0);

  await signInThroughBrowser(page, email);
  expect(await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie)).not.toMatch(
    /eyJ|tl_refresh/,
  );
});
