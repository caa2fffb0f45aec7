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

// Issue 23: what one member does shows in the other's open tab without a reload.
test('a task added, completed and a list created by one member show in the other’s open tab without a reload', async ({
  page,
  browser,
}) => {
  const owner = uniqueEmail('live-owner');
  const mate = uniqueEmail('live-mate');
  await signUpThroughBrowser(page, owner);
  await page.getByRole('link', { name: 'Members' }).click();
  await page.getByRole('form', { name: 'Invite someone' }).getByLabel('Email').fill(mate);
  const since = Date.now();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(`Invitation sent to ${mate}.`)).toBeVisible();
  await page.getByRole('link', { name: 'Tasks' }).click();
  await expect(page.getByText('No tasks yet. Add the first one above.')).toBeVisible();

  const mateContext = await browser.newContext({ baseURL: APP });
  const second = await mateContext.newPage();
  await openEmailLink(second, await linkFromEmail(mate, '/join?token=', since));
  await choosePassword(second, 'Choose your password');
  await expect(second.getByText('No tasks yet. Add the first one above.')).toBeVisible();

  // Well within the default 10 s: the stream, not a refetch on focus or a timer, brings it.
  const soon = { timeout: 3000 };
  await second.getByRole('textbox', { name: 'Task title' }).fill('Heard live');
  await second.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByRole('checkbox', { name: 'Heard live' })).toBeVisible(soon);

  await page.getByRole('checkbox', { name: 'Heard live' }).check();
  await expect(second.getByRole('checkbox', { name: 'Heard live' })).toBeChecked(soon);

  const sidebar = second.getByRole('navigation', { name: 'Lists' });
  await page.getByRole('navigation', { name: 'Lists' }).getByRole('textbox', { name: 'List name' }).fill('Made live');
  await page.getByRole('navigation', { name: 'Lists' }).getByRole('button', { name: 'Add list' }).click();
  await expect(sidebar.getByRole('button', { name: /^Made live/ })).toBeVisible(soon);
  await mateContext.close();
});
