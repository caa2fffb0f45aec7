import {
  expect,
  FAST_APP,
  linkFromEmail,
  openEmailLink,
  PASSWORD,
  signUpThroughBrowser,
  test,
  uniqueEmail,
} from './support/fixtures';

test('a used confirmation link shows a clear page with a way to get a new one', async ({ page }) => {
  const email = uniqueEmail('used');
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Sign up' }).click();
  const link = await linkFromEmail(email, '/verify?token=');
  await openEmailLink(page, link);
  await expect(page.getByRole('heading', { name: 'Choose your password' })).toBeVisible();

  await openEmailLink(page, link);
  await expect(page.getByRole('heading', { name: 'This link has expired or was already used' })).toBeVisible();
  await page.getByRole('link', { name: 'Get a new link' }).click();
  await expect(page).toHaveURL(/\/sign-up$/);
});

test('an expired confirmation link shows the same clear page (3-second links on the second instance)', async ({ page }) => {
  const email = uniqueEmail('expired');
  await page.goto(`${FAST_APP}/sign-up`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Sign up' }).click();
  const link = await linkFromEmail(email, '/verify?token=');
  expect(link.startsWith(FAST_APP)).toBe(true);
  await page.waitForTimeout(3500);
  await openEmailLink(page, link);
  await expect(page.getByRole('heading', { name: 'This link has expired or was already used' })).toBeVisible();
});

test('a tampered password link is refused before the form is shown', async ({ page }) => {
  await page.goto(`/set-password?token=${'x'.repeat(43)}`);
  await expect(page.getByRole('heading', { name: 'This link has expired or was already used' })).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toHaveCount(0);
  await page.goto('/verify');
  await expect(page.getByRole('heading', { name: 'This link is incomplete' })).toBeVisible();
});

test('a wrong password shows the generic error, and repeated failures the rate-limit message', async ({ page }) => {
  const email = uniqueEmail('limited');
  await signUpThroughBrowser(page, email);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  await page.getByLabel('Email').fill(email);
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel('Password').fill(`wrong password ${attempt}`);
    // Each attempt's reply is awaited: the alert of the one before is still on screen, so seeing
    // it proves nothing, and an attempt not yet counted would let the sixth through.
    const replied = page.waitForResponse((response) => response.url().includes('auth.signIn'));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await replied;
    await expect(
      page.getByRole('alert').filter({ hasText: 'That email and password do not match. Check both and try again.' }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
  }
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: /Too many attempts\. Please wait (2\d|30) seconds and try again\./ }),
  ).toBeVisible();
});
