import { expect, FAST_APP, signInThroughBrowser, signUpThroughBrowser, test, uniqueEmail } from './support/fixtures';

// Runs on the second instance, whose access tokens live 5 seconds.
test.use({ baseURL: FAST_APP });

test('two tabs stay signed in while their access tokens expire and refresh; signing out in one signs out both', async ({
  page,
  context,
}) => {
  const email = uniqueEmail('tabs');
  await signUpThroughBrowser(page, email);
  const second = await context.newPage();
  await second.goto('/');
  await expect(second.getByTestId('user-email')).toHaveText(email);

  const refreshes = { first: 0, second: 0, failed: 0 };
  for (const [name, tab] of [
    ['first', page],
    ['second', second],
  ] as const) {
    tab.on('response', (response) => {
      if (!response.url().includes('auth.refreshTokens')) return;
      refreshes[name]++;
      if (response.status() !== 200) refreshes.failed++;
    });
  }

  // Three access-token lifetimes, with a reload of both tabs at once in the middle.
  await page.waitForTimeout(7_000);
  await Promise.all([page.reload(), second.reload()]);
  await page.waitForTimeout(8_000);

  for (const tab of [page, second]) await expect(tab.getByTestId('user-email')).toHaveText(email);
  expect(refreshes.first).toBeGreaterThanOrEqual(2);
  expect(refreshes.second).toBeGreaterThanOrEqual(2);
  expect(refreshes.failed).toBe(0);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(second).toHaveURL(/\/sign-in$/);
  await expect(second.getByTestId('user-email')).toHaveCount(0);

  await signInThroughBrowser(page, email);
});
