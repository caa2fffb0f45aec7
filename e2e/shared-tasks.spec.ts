import {
  choosePassword,
  expect,
  linkFromEmail,
  openEmailLink,
  signUpThroughBrowser,
  test,
  uniqueEmail,
} from './support/fixtures';
import { APP } from './support/topology';

test('an owner invites a second person, who joins by the emailed link; both share tasks, another organisation sees none', async ({
  page,
  browser,
}) => {
  const owner = uniqueEmail('owner');
  const invitee = uniqueEmail('invitee');
  await signUpThroughBrowser(page, owner);

  await page.getByRole('textbox', { name: 'Task title' }).fill('Plan the offsite');
  await page.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByRole('checkbox', { name: 'Plan the offsite' })).toBeVisible();

  await page.getByRole('link', { name: 'Members' }).click();
  await expect(page.getByRole('heading', { name: 'Members' })).toBeVisible();
  await page.getByRole('form', { name: 'Invite someone' }).getByLabel('Email').fill(invitee);
  const since = Date.now();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(`Invitation sent to ${invitee}.`)).toBeVisible();
  await expect(page.getByRole('cell', { name: invitee, exact: true })).toBeVisible(); // pending

  // The invitee, in their own browser.
  const inviteeContext = await browser.newContext({ baseURL: APP });
  const second = await inviteeContext.newPage();
  await openEmailLink(second, await linkFromEmail(invitee, '/join?token=', since));
  await choosePassword(second, 'Choose your password');
  await expect(second.getByTestId('user-email')).toHaveText(invitee);
  await expect(second.getByTestId('organisation-switcher').locator('option:checked')).toHaveText(
    `${owner.split('@')[0]}'s organisation`,
  );

  await second.getByRole('checkbox', { name: 'Plan the offsite' }).check();
  await second.getByRole('textbox', { name: 'Task title' }).fill('Book the venue');
  await second.getByRole('button', { name: 'Add task' }).click();
  await expect(second.getByRole('checkbox', { name: 'Book the venue' })).toBeVisible();

  await page.getByRole('link', { name: 'Tasks' }).click();
  await expect(page.getByRole('heading', { name: 'Tasks' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Plan the offsite' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Book the venue' })).not.toBeChecked();
  await page.getByRole('checkbox', { name: 'Book the venue' }).check();
  await second.reload();
  await expect(second.getByRole('checkbox', { name: 'Book the venue' })).toBeChecked();
  await inviteeContext.close();

  // Someone in another organisation.
  const outsiderContext = await browser.newContext({ baseURL: APP });
  const outsider = await outsiderContext.newPage();
  await signUpThroughBrowser(outsider, uniqueEmail('outsider'));
  await expect(outsider.getByText('No tasks yet. Add the first one above.')).toBeVisible();
  await expect(outsider.getByText('Plan the offsite')).toHaveCount(0);
  await outsiderContext.close();
});

test('editing and deleting a task, and a refused change rolls back with a message', async ({ page }) => {
  await signUpThroughBrowser(page, uniqueEmail('editor'));
  await page.getByRole('textbox', { name: 'Task title' }).fill('Draft agenda');
  await page.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByRole('checkbox', { name: 'Draft agenda' })).toBeVisible();

  // The task opens in a panel; Escape closes it unchanged.
  await page.getByRole('button', { name: 'Edit Draft agenda' }).click();
  const panel = page.getByRole('dialog', { name: 'Draft agenda' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText(' by editor-');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await page.getByRole('button', { name: 'Edit Draft agenda' }).click();
  await page.getByLabel('Title', { exact: true }).fill('Final agenda');
  await page.getByLabel('Notes').fill('Send to everyone by Friday: https://example.com/agenda?v=2. Not javascript:alert(1)');
  await page.getByLabel('Due date').fill('2027-03-05');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('checkbox', { name: 'Final agenda' })).toBeVisible();
  await expect(page.getByText('Send to everyone by Friday')).toBeVisible();
  // Addresses in notes are links (the full stop after one is not part of it); nothing else is.
  const link = page.getByRole('link', { name: 'https://example.com/agenda?v=2' });
  await expect(link).toHaveAttribute('href', 'https://example.com/agenda?v=2');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow');
  await expect(page.getByRole('link', { name: /javascript/ })).toHaveCount(0);
  await page.reload();
  await expect(page.getByText(/Due (5 Mar 2027|Mar 5, 2027)/)).toBeVisible();

  // The server refuses an empty title: the optimistic change is undone and explained.
  await page.getByRole('button', { name: 'Edit Final agenda' }).click();
  await page.getByLabel('Title', { exact: true }).fill('   ');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Your change was not saved and has been undone' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Final agenda' })).toBeVisible();

  await page.getByRole('button', { name: 'Delete Final agenda' }).click();
  await expect(page.getByText('No tasks yet. Add the first one above.')).toBeVisible();
  await page.reload();
  await expect(page.getByText('No tasks yet. Add the first one above.')).toBeVisible();
});
