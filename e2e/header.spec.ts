import { expect, signUpThroughBrowser, test, uniqueEmail } from './support/fixtures';

test('the header keeps its links, who is signed in, the organisation switcher and Sign out on one row at 1280 px', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const email = uniqueEmail('ada.lovelace.analytical');
  await signUpThroughBrowser(page, email);
  const header = page.getByRole('banner');
  const top = async (name: string, role: 'link' | 'button') => (await header.getByRole(role, { name }).boundingBox())!;
  const brand = await top('Tasklane home', 'link');
  const signOut = await top('Sign out', 'button');
  const account = await top('Account', 'link');
  // Same row: the vertical centres agree within a few pixels.
  expect(Math.abs(signOut.y + signOut.height / 2 - (brand.y + brand.height / 2))).toBeLessThan(8);
  expect(Math.abs(account.y + account.height / 2 - (brand.y + brand.height / 2))).toBeLessThan(8);
  // The switcher shows the organisation's whole name.
  const switcher = page.getByTestId('organisation-switcher');
  // Measured once the header has settled (the person's name arrives with a query of its own).
  await expect(header.getByTestId('user-name')).toBeVisible();
  const room = () =>
    switcher.evaluate((select: HTMLSelectElement) => {
      const probe = document.createElement('span');
      probe.style.font = getComputedStyle(select).font;
      probe.textContent = select.selectedOptions[0]!.text;
      document.body.append(probe);
      const needed = probe.getBoundingClientRect().width;
      probe.remove();
      // The select's own padding and arrow take about 2em beside the text.
      return select.getBoundingClientRect().width - needed;
    });
  await expect.poll(room).toBeGreaterThan(16);
  await expect(header.getByTestId('user-email')).toHaveText(email);
});
