import { expect, test } from '@playwright/test';

test('the status page shows that the database is reached', async ({ page }) => {
  await page.goto('/status');
  await expect(page.getByTestId('health')).toContainText(/Database reached: FerretDB 7\.\d+\.\d+, ping [\d.]+ ms/);
});
