import { Secret, TOTP } from 'otpauth';
import {
  choosePassword,
  expect,
  expectNoSeriousViolations,
  followFactorEmail,
  linkFromEmail,
  openEmailLink,
  PASSWORD,
  signUpThroughBrowser,
  test,
  uniqueEmail,
} from './support/fixtures';
import { APP } from './support/topology';

test('an owner requires a second factor: a member without one is told how to add one, and can still leave', async ({
  page,
  browser,
}) => {
  const owner = uniqueEmail('strict-owner');
  const invitee = uniqueEmail('strict-member');
  await signUpThroughBrowser(page, owner);

  // The owner turns on their own authenticator app first (the settings say so otherwise).
  await page.goto('/settings');
  await page.getByRole('button', { name: 'Require a second factor of every member' }).click();
  await expect(page.getByText('Turn on two-step sign-in for your own account first')).toBeVisible();
  await page.goto('/account');
  const panel = page.getByRole('region', { name: 'Two-step sign-in' });
  await panel.getByLabel('Current password').fill(PASSWORD);
  const asked = Date.now();
  await panel.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await followFactorEmail(page, owner, asked);
  await panel.getByLabel('Current password').fill(PASSWORD);
  await panel.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const secret = (await panel.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await panel.getByLabel('Code from the app').fill(TOTP.generate({ secret: Secret.fromBase32(secret) }));
  await panel.getByRole('button', { name: 'Turn on' }).click();
  await panel.getByRole('button', { name: 'I have saved them' }).click();

  await page.goto('/settings');
  await page.getByRole('button', { name: 'Require a second factor of every member' }).click();
  await expect(page.getByRole('button', { name: 'Stop requiring a second factor' })).toBeVisible();

  await page.getByRole('link', { name: 'Members' }).click();
  await page.getByRole('form', { name: 'Invite someone' }).getByLabel('Email').fill(invitee);
  const since = Date.now();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(`Invitation sent to ${invitee}.`)).toBeVisible();

  const inviteeContext = await browser.newContext({ baseURL: APP });
  const second = await inviteeContext.newPage();
  await openEmailLink(second, await linkFromEmail(invitee, '/join?token=', since));
  await choosePassword(second, 'Choose your password');
  await expect(second.getByText('This organisation asks every member for two-step sign-in.')).toBeVisible();
  await expectNoSeriousViolations(second, 'tasks refused by the policy');

  await second.goto('/settings');
  await expect(second.getByRole('link', { name: 'Set up two-step sign-in' })).toBeVisible();
  await expectNoSeriousViolations(second, 'settings refused by the policy');
  await second.getByRole('button', { name: /^Leave/ }).click();
  await expect(second.getByRole('heading', { name: 'You are not in any organisation' })).toBeVisible();
  await inviteeContext.close();
});
