import { readFile } from 'node:fs/promises';
import {
  choosePassword,
  expect,
  expectNoSeriousViolations,
  linkFromEmail,
  PASSWORD,
  signInThroughBrowser,
  signUpThroughBrowser,
  test,
  uniqueEmail,
} from './support/fixtures';
import { APP } from './support/topology';

const NEW_PASSWORD = 'seven quiet lanterns drifting';

test('changing the password signs the other browser out at its next action, and not this one', async ({ page, browser }) => {
  const email = uniqueEmail('password');
  await signUpThroughBrowser(page, email);
  const elsewhere = await browser.newContext({ baseURL: APP });
  const other = await elsewhere.newPage();
  await signInThroughBrowser(other, email);

  await page.getByRole('link', { name: 'Account' }).click();
  const panel = page.getByRole('region', { name: 'Change your password' });
  await panel.getByLabel('Current password').fill('not the password');
  await panel.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await panel.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await panel.getByRole('button', { name: 'Change password' }).click();
  await expect(panel.getByText('That is not your current password.')).toBeVisible();
  await expectNoSeriousViolations(page, 'account page with a field error');

  const since = Date.now();
  await panel.getByLabel('Current password').fill(PASSWORD);
  await panel.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
  await panel.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await panel.getByRole('button', { name: 'Change password' }).click();
  await expect(panel.getByText('Password changed. Every other session was signed out.')).toBeVisible();
  await linkFromEmail(email, '/set-password?token=', since);

  await other.getByRole('textbox', { name: 'Task title' }).fill('After the change');
  await other.getByRole('button', { name: 'Add task' }).click();
  await expect(other).toHaveURL(/\/sign-in$/);
  await elsewhere.close();

  await page.reload();
  await expect(page.getByTestId('user-email')).toHaveText(email);
  const activity = page.getByRole('region', { name: 'Security activity' });
  await expect(activity.getByText('Password changed')).toBeVisible();
});

test('changing the email through the link, then signing in with the new address', async ({ page }) => {
  const email = uniqueEmail('old');
  const newEmail = uniqueEmail('new');
  await signUpThroughBrowser(page, email);
  await page.goto('/account');
  const panel = page.getByRole('region', { name: 'Change your email' });
  const since = Date.now();
  await panel.getByLabel('New email').fill(newEmail);
  await panel.getByLabel('Current password').fill(PASSWORD);
  await panel.getByRole('button', { name: 'Send confirmation link' }).click();
  await expect(panel.getByText(`Check ${newEmail}`)).toBeVisible();
  await linkFromEmail(email, '/revert-email?token=', since);

  await page.goto(await linkFromEmail(newEmail, '/confirm-email?token=', since));
  await expect(page.getByText(newEmail)).toBeVisible();
  await expectNoSeriousViolations(page, 'confirm the new email');
  await page.getByRole('button', { name: 'Confirm the change' }).click();
  await expect(page.getByRole('heading', { name: 'Your email is changed' })).toBeVisible();

  await page.goto('/');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signInThroughBrowser(page, newEmail);

  // The old address can take the account back: it lands on "choose a new password".
  await page.goto(await linkFromEmail(email, '/revert-email?token=', since));
  await expectNoSeriousViolations(page, 'take back your account');
  await page.getByRole('button', { name: 'Undo the change and secure my account' }).click();
  await choosePassword(page, 'Choose a new password', NEW_PASSWORD);
  await expect(page.getByTestId('user-email')).toHaveText(email);
});

test('deleting an account', async ({ page }) => {
  const email = uniqueEmail('leaving');
  await signUpThroughBrowser(page, email);
  await page.goto('/account');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download your data' }).click();
  const download = await downloading;
  const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as { profile: { email: string } };
  expect(exported.profile.email).toBe(email);

  const panel = page.getByRole('region', { name: 'Delete your account' });
  await panel.getByLabel('Current password').fill(PASSWORD);
  await panel.getByLabel(/to confirm/).fill('please');
  await panel.getByRole('button', { name: 'Delete my account' }).click();
  await expect(panel.getByText('Type “delete my account” to confirm.')).toBeVisible();

  await panel.getByLabel(/to confirm/).fill('delete my account');
  await panel.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByRole('heading', { name: 'Your account is deleted' })).toBeVisible();
  await expectNoSeriousViolations(page, 'account deleted');
  await linkFromEmail(email, '/sign-up', 0);

  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('That email and password do not match')).toBeVisible();
});

test('a person without a name shows as their email’s first part, and names themselves on the account page', async ({ page }) => {
  const email = uniqueEmail('named');
  await signUpThroughBrowser(page, email);
  await expect(page.getByTestId('user-name')).toHaveText(email.split('@')[0]!);

  await page.getByRole('link', { name: 'Account' }).click();
  const panel = page.getByRole('region', { name: 'Your name' });
  await expect(panel.getByLabel('Name')).toHaveValue(email.split('@')[0]!);
  await panel.getByLabel('Name').fill('   ');
  await panel.getByRole('button', { name: 'Save name' }).click();
  await expect(panel.getByText('Enter the name others will see.')).toBeVisible();
  await expectNoSeriousViolations(page, 'account page with a name error');

  await panel.getByLabel('Name').fill('Grace Hopper');
  await panel.getByRole('button', { name: 'Save name' }).click();
  await expect(panel.getByText('Saved: your team sees this name now.')).toBeVisible();
  await expect(page.getByTestId('user-name')).toHaveText('Grace Hopper');

  await page.getByRole('link', { name: 'Members' }).click();
  await expect(page.getByRole('region', { name: 'Members of the organisation' })).toContainText('Grace Hopper');
  await expect(page.getByRole('region', { name: 'Members of the organisation' })).toContainText(email);
});
