import { test, expect } from './fixtures';

// The demo desk starts at 15 Nov 2021, 10:00 UTC. Northwind bought RDS CALs billed monthly on
// 25 Oct 2021, 11:00: their first month is on November's invoice, the second month is billed
// as it opens on 25 Nov and shows on December's.
test('moving the clock past a month bills a monthly subscription its next month on Billing', async ({ page }) => {
  await page.goto('/billing');
  await expect(page.getByRole('heading', { level: 2, name: 'Charges per invoice month' })).toBeVisible();
  const november = page.getByRole('table', { name: 'Charges on invoice 2021-11' });
  await expect(november.getByRole('row').filter({ hasText: 'ORD-1006' })).toHaveCount(2);
  const december = page.getByRole('table', { name: 'Charges on invoice 2021-12' });
  await expect(december.getByRole('row').filter({ hasText: 'ORD-1006' })).toHaveCount(0);

  const clock = page.getByRole('group', { name: 'Simulation clock' });
  await clock.getByLabel('Jump to date').fill('2021-11-26');
  await expect(clock).toContainText('26 Nov 2021');
  await page.goto('/billing');
  const month = december.getByRole('row').filter({ hasText: 'ORD-1006' });
  await expect(month).toHaveCount(1);
  await expect(month).toContainText('25 Nov 2021 – 25 Dec 2021');
  await expect(month).toContainText('Northwind');
});
