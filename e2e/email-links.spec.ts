import { choosePassword, expect, linkFromEmail, openEmailLink, test, uniqueEmail } from './support/fixtures';

// Regression (issue 8): the confirmation link was used up as soon as the page opened, so a
// mail scanner or link preview that opened it first left the person with a dead link.
test('opening an emailed link uses nothing up until the person presses the button', async ({ page, browser, request }) => {
  const email = uniqueEmail('scanned');
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Sign up' }).click();
  const link = await linkFromEmail(email, '/verify?token=');

  // A link preview fetches the page; a scanner runs it in a full browser.
  expect((await request.get(link)).status()).toBe(200);
  const scanner = await browser.newContext();
  const scanned = await scanner.newPage();
  await scanned.goto(link);
  await expect(scanned.getByRole('button', { name: 'Confirm my email' })).toBeEnabled();
  await scanned.waitForLoadState('networkidle');
  await scanner.close();

  await openEmailLink(page, link);
  await choosePassword(page, 'Choose your password');
  await expect(page.getByTestId('user-email')).toHaveText(email);
});
