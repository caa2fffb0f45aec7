import type { Page } from '@playwright/test';
import {
  expect,
  expectNoSeriousViolations,
  followFactorEmail,
  PASSWORD,
  signUpThroughBrowser,
  test,
  uniqueEmail,
} from './support/fixtures';

/**
 * Chromium's virtual authenticator (CDP): a platform authenticator that verifies its user and
 * keeps discoverable credentials. `touch(false)` stops it answering the requests made from then
 * on, as a person who has not touched the sensor (the email field's passkey offer then waits).
 */
async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    touch: (enabled: boolean) => cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled }),
  };
}

test('adding a passkey, naming it, then signing in with it alone and as the second step after the password', async ({ page }) => {
  const authenticator = await virtualAuthenticator(page);
  const email = uniqueEmail('passkey');
  await signUpThroughBrowser(page, email);
  await page.getByRole('link', { name: 'Account' }).click();
  const panel = page.getByRole('region', { name: 'Passkeys' });
  await expect(panel.getByText('No passkeys yet.')).toBeVisible();
  await panel.getByRole('button', { name: 'Add a passkey' }).click();
  await panel.getByLabel('Passkey name').fill('Laptop');
  await panel.getByLabel('Current password').fill(PASSWORD);
  const since = Date.now();
  await panel.getByRole('button', { name: 'Add a passkey' }).click();
  await followFactorEmail(page, email, since);
  await panel.getByRole('button', { name: 'Add a passkey' }).click();
  await panel.getByLabel('Passkey name').fill('Laptop');
  await panel.getByLabel('Current password').fill(PASSWORD);
  await panel.getByRole('button', { name: 'Add a passkey' }).click();
  // The first second factor comes with recovery codes, shown once.
  await expect(panel.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
  await panel.getByRole('button', { name: 'I have saved them' }).click();
  const list = panel.getByRole('list', { name: 'Your passkeys' });
  await expect(list.getByRole('listitem')).toContainText('Laptop');
  await expectNoSeriousViolations(page, 'passkeys panel');

  await list.getByRole('button', { name: 'Rename Laptop' }).click();
  await list.getByLabel('New name').fill('Work laptop');
  await list.getByRole('button', { name: 'Save name' }).click();
  await expect(list.getByRole('listitem')).toContainText('Work laptop');

  // "Your data" names the passkey and holds none of its key material.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download your data' }).click();
  const exported = await (await (await downloading).createReadStream()).toArray();
  const data = JSON.parse(Buffer.concat(exported).toString('utf8')) as {
    secondFactors: { authenticatorApp: boolean; passkeys: { name: string }[]; recoveryCodesLeft: number };
  };
  expect(data.secondFactors).toMatchObject({
    authenticatorApp: false,
    passkeys: [{ name: 'Work laptop' }],
    recoveryCodesLeft: 10,
  });
  expect(JSON.stringify(data)).not.toMatch(/credentialId|publicKey/);

  // A passkey alone signs in: it is both factors. The email field offers it (autofill): the
  // virtual authenticator answers at once, as a person picking it from the list would.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto('/sign-in');
  await expect(page.getByTestId('user-email')).toHaveText(email);

  // The button: the page loads while nobody touches the authenticator (the email field's offer
  // waits), then the person presses the button and touches it.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await authenticator.touch(false);
  await page.goto('/sign-in');
  await expectNoSeriousViolations(page, 'sign-in with a passkey button');
  await authenticator.touch(true);
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expect(page.getByTestId('user-email')).toHaveText(email);

  // The password alone no longer does: the passkey is asked for as the second step.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await authenticator.touch(false);
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Confirm it’s you' })).toBeVisible();
  await expectNoSeriousViolations(page, 'second step with a passkey');
  await authenticator.touch(true);
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(page.getByTestId('user-email')).toHaveText(email);

  await page.goto('/account');
  await expect(page.getByRole('region', { name: 'Passkeys' }).getByText(/last used/)).toBeVisible();

  // A sensitive change asks for the passkey too (step-up): the browser prompts when the form is sent.
  const password = page.getByRole('region', { name: 'Change your password' });
  await expect(password.getByText('Your browser asks for your passkey when you send this form.')).toBeVisible();
  await password.getByLabel('Current password').fill(PASSWORD);
  await password.getByLabel('New password', { exact: true }).fill('a new passphrase for the passkey test');
  await password.getByLabel('Confirm new password').fill('a new passphrase for the passkey test');
  await password.getByRole('button', { name: 'Change password' }).click();
  await expect(password.getByText('Password changed. Every other session was signed out.')).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Security activity' }).getByText('Added a second factor: passkey “Laptop”'),
  ).toBeVisible();
});
