import { expect, signUpThroughBrowser, test, uniqueEmail } from './support/fixtures';
import { APP } from './support/topology';

// Regression (issue 20, defect 4): /sign-in?next=%2F%09%2Fevil.example%2Fphish, opened by someone
// signed in, went to http://evil.example/phish with no click: the check looked at the raw string,
// and the browser drops the tab. `next` is now resolved as the browser resolves it and kept only
// when it stays on this origin.
const OFF_SITE = [
  '%2F%09%2Fevil.example%2Fphish', // tab
  '%2F%0A%2Fevil.example%2Fphish', // newline
  '%2F%0D%0A%2Fevil.example', // carriage return and newline
  '%2F%5Cevil.example%2Fphish', // backslash
  '%5C%5Cevil.example', // two backslashes
  '%2F%2Fevil.example%2Fphish', // protocol-relative
  '%2F%2F%2Fevil.example', // three slashes
  'HTTPS%3A%2F%2FEVIL.EXAMPLE%2Fphish', // absolute, upper case
  'hTtPs%3A%2F%2Fevil.example', // absolute, mixed case
  '%20%2F%2Fevil.example', // leading space
  'jAvAsCrIpT%3Aalert(document.domain)', // a script URL
];

test('after signing in, `next` never leads off the site, however it is written', async ({ page }) => {
  const offSite: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(APP)) offSite.push(request.url());
  });
  page.on('dialog', (dialog) => {
    offSite.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await signUpThroughBrowser(page, uniqueEmail('next'));

  for (const next of OFF_SITE) {
    await page.goto(`/sign-in?next=${next}`);
    await expect(page, `next=${next}`).toHaveURL(`${APP}/`);
  }
  // A path of the site is kept.
  await page.goto('/sign-in?next=%2Fsettings');
  await expect(page).toHaveURL(`${APP}/settings`);
  // An encoded slash stays inside the path: this site's own (missing) page, not another host.
  // Last: leaving that page while its session refresh is in flight would lose the rotated cookie.
  await page.goto('/sign-in?next=%2F%252F%252Fevil.example');
  await expect(page).toHaveURL(`${APP}/%2F%2Fevil.example`);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  expect(offSite).toEqual([]);
});
