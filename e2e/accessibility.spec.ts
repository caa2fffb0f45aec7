import { expect, expectNoSeriousViolations, linkFromEmail, signUpThroughBrowser, test, uniqueEmail } from './support/fixtures';

test('every page passes axe without serious or critical violations', async ({ page }) => {
  for (const path of [
    '/sign-up',
    '/sign-in',
    '/reset-password',
    '/status',
    '/verify',
    '/recovery-cancelled',
    `/cancel-recovery?token=${'x'.repeat(43)}`,
    `/set-password?token=${'x'.repeat(43)}`,
    `/unsubscribe?t=${'a'.repeat(24)}.mentions.${'x'.repeat(43)}`,
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoSeriousViolations(page, path);
  }

  // Error and inbox states.
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Enter a valid email address', { exact: false })).toBeVisible();
  await expectNoSeriousViolations(page, 'sign-in with field errors');

  const email = uniqueEmail('a11y');
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
  await expectNoSeriousViolations(page, 'check your inbox');

  await page.goto(await linkFromEmail(email, '/verify?token='));
  await expect(page.getByRole('button', { name: 'Confirm my email' })).toBeEnabled();
  await expectNoSeriousViolations(page, 'confirm your email');
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  await expect(page.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  await expectNoSeriousViolations(page, 'set password form');

  const other = uniqueEmail('a11y-home');
  await signUpThroughBrowser(page, other);
  await page.getByRole('textbox', { name: 'Task title' }).fill('Check contrast');
  await page.getByRole('button', { name: 'Add task' }).click();
  await expect(page.getByRole('checkbox', { name: 'Check contrast' })).toBeVisible();
  await expectNoSeriousViolations(page, 'task list');
  await page.getByRole('button', { name: 'Edit Check contrast' }).click();
  const panel = page.getByRole('dialog', { name: 'Check contrast' });
  await expect(panel.getByText('No comments yet.')).toBeVisible();
  await expect(panel.getByText(/created this task/)).toBeVisible();
  await expectNoSeriousViolations(page, 'task editor');
  // A comment, and the completion list of members open.
  const box = panel.getByRole('combobox', { name: 'Add a comment' });
  await box.fill('Looks fine to me');
  await panel.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(panel.getByRole('listitem').filter({ hasText: 'Looks fine to me' })).toBeVisible();
  await expect(box).toHaveValue(''); // saved: the box empties
  await box.pressSequentially('@a11y');
  await expect(panel.getByRole('listbox', { name: 'Members' })).toBeVisible();
  await expectNoSeriousViolations(page, 'task editor with a comment and the mention list');
  await box.press('Escape'); // closes the list, not the dialog
  await expect(panel.getByRole('listbox', { name: 'Members' })).toBeHidden();
  await expect(panel).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.getByRole('link', { name: 'Members' }).click();
  await expect(page.getByRole('button', { name: 'Send invitation' })).toBeVisible();
  await expectNoSeriousViolations(page, 'members');
  await page.goto(`/join?token=${'x'.repeat(43)}`);
  await expect(page.getByRole('button', { name: 'Accept the invitation' })).toBeEnabled();
  await expectNoSeriousViolations(page, 'join');
  await page.getByRole('button', { name: 'Accept the invitation' }).click();
  await expect(page.getByRole('heading', { name: 'This invitation can no longer be used' })).toBeVisible();
  await expectNoSeriousViolations(page, 'join with a bad link');
});

test('the loading placeholders pass axe too, and are announced', async ({ page }) => {
  await signUpThroughBrowser(page, uniqueEmail('a11y-loading'));
  // Hold back the members page's reads, so that its placeholders are what axe sees.
  let held = true;
  await page.route('**/api/trpc/**', async (route) => {
    if (held && /organisation\.members|organisation\.activity/.test(route.request().url()))
      await new Promise((r) => setTimeout(r, 4000));
    await route.continue();
  });
  // A fresh load: the tasks page already read the members (the assignee picker), so a client-side
  // visit would show them at once.
  await page.goto('/members');
  await expect(page.getByRole('status').filter({ hasText: 'Loading members' })).toBeAttached();
  await expectNoSeriousViolations(page, 'members while loading');
  held = false;
  await expect(page.getByRole('status').filter({ hasText: 'Loading members' })).toHaveCount(0);
});
