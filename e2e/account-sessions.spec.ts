import {
  expect,
  expectNoSeriousViolations,
  signInThroughBrowser,
  signUpThroughBrowser,
  test,
  uniqueEmail,
} from './support/fixtures';
import { APP } from './support/topology';

test('the account page lists both browsers; ending the other one signs it out at its next action', async ({ page, browser }) => {
  const email = uniqueEmail('sessions');
  await signUpThroughBrowser(page, email);
  const elsewhere = await browser.newContext({ baseURL: APP });
  const other = await elsewhere.newPage();
  await signInThroughBrowser(other, email);

  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { name: 'Where you are signed in' })).toBeVisible();
  const rows = page.getByRole('region', { name: 'Sessions' }).getByRole('row');
  await expect(rows).toHaveCount(3); // the header and two sessions
  await expect(page.getByText('This device')).toHaveCount(1);
  await expectNoSeriousViolations(page, 'account page');

  await page.getByRole('button', { name: /^Sign out .*last active/ }).click();
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Sign out all other sessions' })).toHaveCount(0);

  await other.reload();
  await expect(other).toHaveURL(/\/sign-in$/);
  await elsewhere.close();
  // This browser is still signed in.
  await page.reload();
  await expect(page.getByTestId('user-email')).toHaveText(email);
});
