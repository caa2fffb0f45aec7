import type { Browser, Page } from '@playwright/test';
import {
  choosePassword,
  expect,
  linkFromEmail,
  mailsTo,
  openEmailLink,
  signUpThroughBrowser,
  test,
  uniqueEmail,
} from './support/fixtures';
import { APP } from './support/topology';

/** The owner signs up in `page` and invites a mate, who joins in a context of their own. */
async function twoMembers(page: Page, browser: Browser, label: string) {
  const owner = uniqueEmail(`${label}-owner`);
  const mate = uniqueEmail(`${label}-mate`);
  await signUpThroughBrowser(page, owner);
  await page.getByRole('link', { name: 'Members' }).click();
  await page.getByRole('form', { name: 'Invite someone' }).getByLabel('Email').fill(mate);
  const since = Date.now();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(`Invitation sent to ${mate}.`)).toBeVisible();
  await page.getByRole('link', { name: 'Tasks' }).click();
  await expect(page.getByText('No tasks yet. Add the first one above.')).toBeVisible();
  const context = await browser.newContext({ baseURL: APP });
  const second = await context.newPage();
  await openEmailLink(second, await linkFromEmail(mate, '/join?token=', since));
  await choosePassword(second, 'Choose your password');
  await expect(second.getByText('No tasks yet. Add the first one above.')).toBeVisible();
  return { owner, mate, mateName: mate.split('@')[0]!, context, second };
}

async function addTask(page: Page, title: string) {
  await page.getByRole('textbox', { name: 'Task title' }).fill(title);
  await page.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByRole('checkbox', { name: title })).toBeVisible();
}

// Issue 23: what one member does shows in the other's open tab without a reload.
test('a task added, completed and a list created by one member show in the other’s open tab without a reload', async ({
  page,
  browser,
}) => {
  const { context: mateContext, second } = await twoMembers(page, browser, 'live');

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

test('a move and a comment with a mention show live, the mention and an assignment email once, a cut-off tab catches up, a removed member hears no more', async ({
  page,
  browser,
}) => {
  const { mate, mateName, context, second } = await twoMembers(page, browser, 'talk');
  const soon = { timeout: 3000 };
  const ownerLists = page.getByRole('navigation', { name: 'Lists' });
  await ownerLists.getByRole('textbox', { name: 'List name' }).fill('Later');
  await ownerLists.getByRole('button', { name: 'Add list' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Later' })).toBeVisible(); // a new list opens
  await ownerLists.getByRole('button', { name: /^Tasks/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tasks' })).toBeVisible();
  await addTask(page, 'Talk it over');
  await expect(second.getByRole('checkbox', { name: 'Talk it over' })).toBeVisible(soon);

  // Moved to another list: it leaves the mate's view of "Tasks", and "Later" counts it.
  await page.getByRole('combobox', { name: 'Move Talk it over to another list' }).selectOption({ label: 'Later' });
  await expect(second.getByRole('checkbox', { name: 'Talk it over' })).toBeHidden(soon);
  const mateLists = second.getByRole('navigation', { name: 'Lists' });
  await expect(mateLists.getByRole('button', { name: /^Later/ })).toContainText('1', soon);
  await mateLists.getByRole('button', { name: /^Later/ }).click();
  await ownerLists.getByRole('button', { name: /^Later/ }).click();

  // Both open the task; the owner mentions the mate, picked from the completion list.
  await second.getByRole('button', { name: 'Edit Talk it over' }).click();
  const matePanel = second.getByRole('dialog', { name: 'Talk it over' });
  await expect(matePanel.getByText('No comments yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Edit Talk it over' }).click();
  const ownerPanel = page.getByRole('dialog', { name: 'Talk it over' });
  const since = Date.now();
  const box = ownerPanel.getByRole('combobox', { name: 'Add a comment' });
  await box.pressSequentially(`Could you @${mateName.slice(0, 6)}`);
  await expect(ownerPanel.getByRole('listbox', { name: 'Members' }).getByRole('option', { name: mateName })).toBeVisible();
  await box.press('Enter');
  await box.pressSequentially('look at this?');
  await expect(box).toHaveValue(`Could you @${mateName} look at this?`);
  await ownerPanel.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(box).toHaveValue('');
  await expect(matePanel.getByRole('listitem').filter({ hasText: `Could you @${mateName} look at this?` })).toBeVisible(soon);
  await expect(matePanel.getByText(/commented/)).toBeVisible(soon);
  await expect.poll(async () => (await mailsTo(mate, since)).filter((m) => /mentioned you/.test(m.subject)).length).toBe(1);

  // The owner renames the task while the mate has it open: the mate is told, and can take it.
  await ownerPanel.getByRole('textbox', { name: 'Title' }).fill('Talk it over today');
  await ownerPanel.getByRole('button', { name: 'Save' }).click();
  await expect(matePanel.getByText('Someone else changed this task while you had it open.', { exact: false })).toBeVisible(soon);
  await matePanel.getByRole('button', { name: 'Show their changes' }).click();
  await expect(matePanel.getByRole('textbox', { name: 'Title' })).toHaveValue('Talk it over today');
  await matePanel.getByRole('button', { name: 'Cancel' }).click();

  // The mention email's "Stop emails" link: nothing changes until the button; then the account
  // page shows mention emails off, assignments still on.
  const stop = await second.context().newPage();
  await stop.goto(await linkFromEmail(mate, '/unsubscribe?t=', since));
  await stop.getByRole('button', { name: 'Stop these emails' }).click();
  await expect(stop.getByRole('heading', { name: 'You will get no more of these emails' })).toBeVisible();
  await stop.goto('/account');
  await expect(stop.getByRole('checkbox', { name: 'When someone mentions me in a comment' })).not.toBeChecked();
  await expect(stop.getByRole('checkbox', { name: 'When someone assigns me a task' })).toBeChecked();
  await stop.getByRole('checkbox', { name: 'When someone mentions me in a comment' }).check();
  await expect(stop.getByRole('checkbox', { name: 'When someone mentions me in a comment' })).toBeChecked();
  await stop.close();

  // A second mention within ten minutes sends nothing; an assignment of another task sends one.
  await page.getByRole('button', { name: 'Edit Talk it over today' }).click();
  const again = page.getByRole('dialog', { name: 'Talk it over today' }).getByRole('combobox', { name: 'Add a comment' });
  await again.pressSequentially(`Again @${mateName.slice(0, 6)}`);
  await again.press('Enter');
  await page.getByRole('dialog', { name: 'Talk it over today' }).getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(again).toHaveValue(''); // saved: the box empties
  await page.keyboard.press('Escape');
  await addTask(page, 'Yours now');
  await page.getByRole('button', { name: 'Edit Yours now' }).click();
  await page.getByRole('dialog', { name: 'Yours now' }).getByLabel('Assigned to').selectOption({ label: mateName });
  await page.getByRole('dialog', { name: 'Yours now' }).getByRole('button', { name: 'Save' }).click();
  await expect
    .poll(async () => (await mailsTo(mate, since)).filter((m) => /assigned you “Yours now”/.test(m.subject)).length)
    .toBe(1);
  expect((await mailsTo(mate, since)).filter((m) => /mentioned you/.test(m.subject))).toHaveLength(1);

  // The mate's network drops; three tasks are added meanwhile; back online, each shows once.
  await expect(second.getByRole('checkbox', { name: 'Yours now' })).toBeVisible(soon);
  await context.setOffline(true);
  for (const title of ['While away 1', 'While away 2', 'While away 3']) await addTask(page, title);
  await context.setOffline(false);
  for (const title of ['While away 1', 'While away 2', 'While away 3']) {
    await expect(second.getByRole('checkbox', { name: title })).toHaveCount(1, { timeout: 15_000 });
  }

  // Removed, the mate's open tab hears nothing more.
  await page.getByRole('link', { name: 'Members' }).click();
  page.once('dialog', (dialog) => void dialog.accept());
  const memberRow = page
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: 'Remove' }) })
    .filter({ hasText: mate });
  await memberRow.getByRole('button', { name: 'Remove' }).click();
  await expect(memberRow).toHaveCount(0);
  await page.getByRole('link', { name: 'Tasks' }).click();
  await addTask(page, 'After the removal');
  await second.waitForTimeout(3000); // an absence: well past the second in which it would show
  await expect(second.getByRole('checkbox', { name: 'After the removal' })).toHaveCount(0);
  await context.close();
});
