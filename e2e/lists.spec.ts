import type { Locator, Page } from '@playwright/test';
import {
  choosePassword,
  expect,
  expectNoSeriousViolations,
  linkFromEmail,
  openEmailLink,
  signUpThroughBrowser,
  test,
  uniqueEmail,
} from './support/fixtures';
import { APP } from './support/topology';

const taskTitles = (page: Page, list: string) => page.getByRole('list', { name: `Tasks in ${list}` }).locator('.task-title');

async function addTask(page: Page, title: string) {
  await page.getByRole('textbox', { name: 'Task title' }).fill(title);
  await page.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByRole('checkbox', { name: title })).toBeVisible();
}

/** Drags with a finger (real touch input through the DevTools protocol), from one element's middle to another's. */
async function touchDrag(page: Page, from: Locator, to: Locator) {
  await from.scrollIntoViewIfNeeded();
  const [a, b] = [(await from.boundingBox())!, (await to.boundingBox())!];
  const start = { x: a.x + a.width / 2, y: a.y + a.height / 2 };
  const end = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [start] });
  for (let step = 1; step <= 5; step++) {
    const point = { x: start.x + ((end.x - start.x) * step) / 5, y: start.y + ((end.y - start.y) * step) / 5 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

test('two members share lists: create one, reorder by keyboard, move a task between lists; the phone uses a drawer', async ({
  page,
  browser,
}) => {
  const owner = uniqueEmail('lists-owner');
  const teammate = uniqueEmail('lists-mate');
  await signUpThroughBrowser(page, owner);
  const lists = page.getByRole('navigation', { name: 'Lists' });
  await expect(lists.getByRole('button', { name: /^Tasks/ })).toHaveAttribute('aria-current', 'page');
  await addTask(page, 'Draft the budget');

  await lists.getByRole('textbox', { name: 'List name' }).fill('Launch');
  await lists.getByRole('button', { name: 'Add list' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Launch' })).toBeVisible();
  for (const title of ['Write the post', 'Record the demo', 'Ship it']) await addTask(page, title);
  await expect(taskTitles(page, 'Launch')).toHaveText(['Ship it', 'Record the demo', 'Write the post']);
  await expect(lists.getByRole('button', { name: /^Launch/ })).toContainText('3');

  // Reorder with the keyboard alone: focus "Move Ship it down" and press Enter twice.
  await page.getByRole('button', { name: 'Move Ship it down' }).focus();
  await page.keyboard.press('Enter');
  await expect(taskTitles(page, 'Launch')).toHaveText(['Record the demo', 'Ship it', 'Write the post']);
  await page.getByRole('button', { name: 'Move Ship it down' }).focus();
  await page.keyboard.press('Enter');
  await expect(taskTitles(page, 'Launch')).toHaveText(['Record the demo', 'Write the post', 'Ship it']);
  // And with the mouse: drag "Ship it" onto the first task, once the keyboard's moves are saved.
  const item = (title: string) => page.getByRole('listitem').filter({ hasText: title });
  const settled = (p: Page) => expect(p.getByRole('list', { name: 'Tasks in Launch' })).not.toHaveAttribute('aria-busy');
  await settled(page);
  await item('Ship it').dragTo(item('Record the demo'));
  await expect(taskTitles(page, 'Launch')).toHaveText(['Ship it', 'Record the demo', 'Write the post']);
  await settled(page);
  await item('Ship it').dragTo(item('Write the post'));
  await expect(taskTitles(page, 'Launch')).toHaveText(['Record the demo', 'Write the post', 'Ship it']);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Launch' })).toBeVisible(); // the tab keeps its list
  await expect(taskTitles(page, 'Launch')).toHaveText(['Record the demo', 'Write the post', 'Ship it']);

  // Invite a teammate, who sees the same lists in the same order.
  await page.getByRole('link', { name: 'Members' }).click();
  await page.getByRole('form', { name: 'Invite someone' }).getByLabel('Email').fill(teammate);
  const since = Date.now();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(`Invitation sent to ${teammate}.`)).toBeVisible();
  const phoneContext = await browser.newContext({ baseURL: APP, viewport: { width: 390, height: 844 }, hasTouch: true });
  const phone = await phoneContext.newPage();
  await openEmailLink(phone, await linkFromEmail(teammate, '/join?token=', since));
  await choosePassword(phone, 'Choose your password');

  // On a phone the lists are a drawer.
  const drawer = phone.getByRole('navigation', { name: 'Lists' });
  await expect(drawer).toBeHidden();
  await phone.getByRole('button', { name: /^Lists/ }).click();
  await drawer.getByRole('button', { name: /^Launch/ }).click();
  await expect(drawer).toBeHidden();
  await expect(taskTitles(phone, 'Launch')).toHaveText(['Record the demo', 'Write the post', 'Ship it']);
  // A finger drags a task by its handle.
  const phoneItem = (title: string) => phone.getByRole('listitem').filter({ hasText: title });
  await settled(phone);
  await touchDrag(phone, phoneItem('Ship it').locator('.drag-handle'), phoneItem('Record the demo'));
  await expect(taskTitles(phone, 'Launch')).toHaveText(['Ship it', 'Record the demo', 'Write the post']);
  await phone.getByRole('combobox', { name: 'Move Ship it to another list' }).selectOption({ label: 'Tasks' });
  await expect(taskTitles(phone, 'Launch')).toHaveText(['Record the demo', 'Write the post']);
  // The teammate takes a task, and finds it under "Assigned to me".
  await phone.getByRole('button', { name: 'Edit Record the demo' }).click();
  await phone
    .getByRole('dialog')
    .getByLabel('Assigned to')
    .selectOption({ label: teammate.split('@')[0]! });
  await phone.getByRole('button', { name: 'Save' }).click();
  await expect(phone.getByRole('listitem').filter({ hasText: 'Record the demo' })).toContainText(teammate.split('@')[0]!);
  await phone.getByRole('button', { name: /^Lists/ }).click();
  await drawer.getByRole('button', { name: 'Assigned to me' }).click();
  await expect(phone.getByRole('heading', { level: 1, name: 'Assigned to me' })).toBeVisible();
  const assigned = phone.getByRole('list', { name: 'Tasks assigned to me' });
  await expect(assigned.locator('.task-title')).toHaveText(['Record the demo']);
  await expect(assigned).toContainText('in Launch');
  await phone.getByLabel('Sort by').selectOption('Newest first');
  await expect(assigned.locator('.task-title')).toHaveText(['Record the demo']);
  await phone.getByLabel('Show').selectOption('Done');
  await expect(phone.getByText('You have not finished an assigned task yet.')).toBeVisible();
  // Search from the drawer: the start of a word is enough, accents and case aside.
  await phone.getByRole('button', { name: /^Lists/ }).click();
  await drawer.getByRole('searchbox', { name: 'Search tasks' }).fill('DÉM');
  await drawer.getByRole('button', { name: 'Search' }).click();
  await expect(phone.getByRole('heading', { level: 1, name: 'Search: DÉM' })).toBeVisible();
  await expect(phone.getByRole('list', { name: 'Search results in Launch' }).locator('.task-title')).toHaveText([
    'Record the demo',
  ]);
  await expectNoSeriousViolations(phone, 'lists on a phone');
  await phoneContext.close();

  // What the teammate did shows here too (after a reload, here; e2e/live.spec.ts shows it live).
  await page.goto('/');
  await lists.getByRole('button', { name: /^Tasks/ }).click();
  await expect(taskTitles(page, 'Tasks')).toHaveText(['Ship it', 'Draft the budget']);
  await expect(lists.getByRole('button', { name: /^Launch/ })).toContainText('2');

  // A due day of today shows as such, and under "Upcoming" (the organisation's zone is UTC until its owner sets one).
  const today = new Date().toISOString().slice(0, 10);
  await page.getByRole('button', { name: 'Edit Draft the budget' }).click();
  await page.getByLabel('Due date').fill(today);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(item('Draft the budget')).toContainText('Due today');
  // Sorted by due day the dated task comes first; sorted, a task's place is not its own to move.
  await page.getByRole('group', { name: 'Filter tasks' }).getByLabel('Sort by').selectOption('Due date');
  await expect(taskTitles(page, 'Tasks')).toHaveText(['Draft the budget', 'Ship it']);
  await expect(page.getByRole('button', { name: 'Move Ship it up' })).toHaveCount(0);
  await page.getByRole('group', { name: 'Filter tasks' }).getByLabel('Sort by').selectOption('Newest first');
  await expect(taskTitles(page, 'Tasks')).toHaveText(['Ship it', 'Draft the budget']);
  await lists.getByRole('button', { name: 'Upcoming' }).click();
  await expect(page.getByRole('list', { name: 'Upcoming tasks' }).locator('.task-title')).toHaveText(['Draft the budget']);

  // Search across lists, newest first, grouped by list.
  const search = lists.getByRole('searchbox', { name: 'Search tasks' });
  await search.fill('the');
  await search.press('Enter');
  await expect(page.locator('.tasks-main').getByRole('heading', { level: 2 })).toHaveText(['Launch', 'Tasks']);
  await expect(page.getByRole('list', { name: 'Search results in Tasks' }).locator('.task-title')).toHaveText([
    'Draft the budget',
  ]);
  await expect(page.getByRole('list', { name: 'Search results in Launch' }).locator('.task-title')).toHaveText([
    'Record the demo',
    'Write the post',
  ]);
  await search.fill('post record');
  await search.press('Enter');
  await expect(page.getByText('No task matches every word.')).toBeVisible();

  // A list's page filters by assignee and by open or done.
  await lists.getByRole('button', { name: /^Launch/ }).click();
  const filters = page.getByRole('group', { name: 'Filter tasks' });
  await filters.getByLabel('Assigned to').selectOption({ label: teammate.split('@')[0]! });
  await expect(taskTitles(page, 'Launch')).toHaveText(['Record the demo']);
  await filters.getByLabel('Show').selectOption('Done');
  await expect(page.getByText('No task here matches the filter.')).toBeVisible();
  await expectNoSeriousViolations(page, 'lists on a desktop');
});
