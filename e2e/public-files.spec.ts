import { expect, test } from '@playwright/test';

test('the app icon, web manifest and robots.txt are served, and pages ask not to be indexed', async ({ page, request }) => {
  for (const file of ['/favicon.ico', '/icon.svg', '/apple-touch-icon.png', '/icon-192.png', '/icon-512.png']) {
    const reply = await request.get(file);
    expect(reply.status(), file).toBe(200);
    expect((await reply.body()).length, file).toBeGreaterThan(100);
  }
  const manifest = await (await request.get('/manifest.webmanifest')).json();
  expect(manifest).toMatchObject({ name: 'Tasklane', theme_color: '#4338ca', start_url: '/' });
  expect(await (await request.get('/robots.txt')).text()).toMatch(/User-agent: \*\s+Disallow: \//);

  await page.goto('/sign-in');
  await expect(page.locator('link[rel="icon"][href="/icon.svg"]')).toHaveCount(1);
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute('href', '/apple-touch-icon.png');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex, nofollow');
});
