import type { Page } from '@playwright/test';
import {
  expect,
  expectNoSeriousViolations,
  linkFromEmail,
  PASSWORD,
  signUpThroughBrowser,
  test,
  uniqueEmail,
} from './support/fixtures';
import { APP } from './support/topology';

async function addTask(page: Page, title: string) {
  await page.getByRole('textbox', { name: 'Task title' }).fill(title);
  await page.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByRole('checkbox', { name: title })).toBeVisible();
}

test('one person, two organisations, two tabs adding tasks side by side; each tab keeps its choice on reload', async ({
  page,
  context,
}) => {
  const email = uniqueEmail('two-orgs');
  await signUpThroughBrowser(page, email);
  const switcher = page.getByTestId('organisation-switcher');
  await switcher.selectOption({ label: 'New organisation…' });
  await expect(page.getByRole('heading', { name: 'New organisation' })).toBeVisible();
  await expectNoSeriousViolations(page, 'new organisation');
  await page.getByLabel('Organisation name').fill('Household');
  await page.getByRole('button', { name: 'Create organisation' }).click();
  await expect(switcher.locator('option:checked')).toHaveText('Household');

  const work = await context.newPage();
  await work.goto('/');
  // A new tab starts in the last organisation chosen: switch it to the first one.
  await expect(work.getByTestId('organisation-switcher').locator('option:checked')).toHaveText('Household');
  await work.getByTestId('organisation-switcher').selectOption({ index: 0 });
  await expect(work.getByTestId('organisation-switcher').locator('option:checked')).not.toHaveText('Household');

  await Promise.all([addTask(page, 'Buy bread'), addTask(work, 'Write the report')]);
  await Promise.all([addTask(page, 'Water the plants'), addTask(work, 'Book the meeting room')]);
  await expect(page.getByRole('checkbox', { name: 'Write the report' })).toHaveCount(0);
  await expect(work.getByRole('checkbox', { name: 'Buy bread' })).toHaveCount(0);

  await Promise.all([page.reload(), work.reload()]);
  await expect(page.getByRole('checkbox', { name: 'Buy bread' })).toBeVisible();
  await expect(work.getByRole('checkbox', { name: 'Write the report' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Write the report' })).toHaveCount(0);
});

test('accepting an invitation while already a member elsewhere; then renaming and transferring ownership', async ({
  page,
  browser,
}) => {
  const owner = uniqueEmail('inviter');
  const invitee = uniqueEmail('invitee');
  await signUpThroughBrowser(page, owner);
  const elsewhere = await browser.newContext({ baseURL: APP });
  const other = await elsewhere.newPage();
  await signUpThroughBrowser(other, invitee);

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Organisation name').fill('Initech');
  await page.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByText('Renamed.')).toBeVisible();
  await expect(page.getByTestId('organisation-switcher').locator('option:checked')).toHaveText('Initech');
  await expectNoSeriousViolations(page, 'settings');

  await page.getByRole('link', { name: 'Members' }).click();
  const since = Date.now();
  await page.getByRole('form', { name: 'Invite someone' }).getByLabel('Email').fill(invitee);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(/Invitation sent to/)).toBeVisible();

  // Signed out, the link asks to sign in as the invited address, then returns to it.
  const link = await linkFromEmail(invitee, '/join?token=', since);
  const fresh = await browser.newContext({ baseURL: APP });
  const signedOut = await fresh.newPage();
  await signedOut.goto(link);
  await signedOut.getByRole('button', { name: 'Accept the invitation' }).click();
  await expect(signedOut.getByRole('heading', { name: 'Sign in to accept' })).toBeVisible();
  await expectNoSeriousViolations(signedOut, 'sign in to accept');
  await fresh.close();

  await other.goto(link);
  await other.getByRole('button', { name: 'Accept the invitation' }).click();
  await expect(other.getByTestId('organisation-switcher').locator('option:checked')).toHaveText('Initech');
  await expect(other.getByTestId('organisation-switcher').locator('option')).toHaveCount(3); // own, Initech, "New…"

  await page.getByRole('link', { name: 'Settings' }).click();
  const transfer = page.getByRole('region', { name: 'Transfer ownership' });
  await transfer.getByLabel('New owner').selectOption({ label: `${invitee.split('@')[0]} (${invitee})` }); // no name chosen: the email's first part
  // Handing the organisation over asks for the password again: a stolen session is not enough.
  await transfer.getByLabel('Current password').fill('not my password');
  await transfer.getByRole('button', { name: 'Transfer ownership' }).click();
  await expect(transfer.getByText('That is not your current password.')).toBeVisible();
  await transfer.getByLabel('Current password').fill(PASSWORD);
  await transfer.getByRole('button', { name: 'Transfer ownership' }).click();
  await expect(page.getByText(`Ownership transferred to ${invitee}`)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Transfer ownership' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Members' }).click();
  const members = page.getByRole('region', { name: 'Members of the organisation' });
  await expect(members.getByRole('row', { name: new RegExp(invitee) })).toContainText(/owner/i);
  await elsewhere.close();
  // The old owner is an admin now, still signed in and still in the organisation.
  await page.reload();
  await expect(page.getByTestId('user-email')).toHaveText(owner);
  await expect(members.getByRole('row', { name: new RegExp(owner) })).toContainText(/admin/i);
});

test('a person who leaves their only organisation is offered to create one', async ({ page, browser }) => {
  const owner = uniqueEmail('host');
  const guest = uniqueEmail('guest');
  await signUpThroughBrowser(page, owner);
  await page.getByRole('link', { name: 'Members' }).click();
  const since = Date.now();
  await page.getByRole('form', { name: 'Invite someone' }).getByLabel('Email').fill(guest);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(/Invitation sent to/)).toBeVisible();

  const context = await browser.newContext({ baseURL: APP });
  const other = await context.newPage();
  await other.goto(await linkFromEmail(guest, '/join?token=', since));
  await other.getByRole('button', { name: 'Accept the invitation' }).click();
  await other.getByLabel('Password', { exact: true }).fill('an easy to remember phrase');
  await other.getByLabel('Confirm password').fill('an easy to remember phrase');
  await other.getByRole('button', { name: 'Set password' }).click();
  await expect(other.getByTestId('user-email')).toHaveText(guest);

  await other.getByRole('link', { name: 'Settings' }).click();
  await other.getByRole('button', { name: /^Leave / }).click();
  await expect(other.getByRole('heading', { name: 'You are not in any organisation' })).toBeVisible();
  await expectNoSeriousViolations(other, 'no organisation');
  await other.getByLabel('Organisation name').fill('My own');
  await other.getByRole('button', { name: 'Create organisation' }).click();
  await expect(other.getByTestId('organisation-switcher').locator('option:checked')).toHaveText('My own');
  await expect(other.getByRole('textbox', { name: 'Task title' })).toBeVisible();
  await context.close();
});
