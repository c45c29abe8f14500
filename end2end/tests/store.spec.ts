import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, onLocalBackend } from './fixtures';
import { eventRecords } from './store';

// The embedded backend's own store: the event log in this browser's IndexedDB.
test.beforeEach(() => {
  test.skip(!onLocalBackend(), 'the browser store belongs to the local backend');
});

/** The status line of the customers page, not a loading line beside it. */
const customerCount = (page: Page) => page.getByRole('status').filter({ hasNotText: '…' });

test('a log saved by version 1 in localStorage opens with nothing lost, and its key is freed', async ({ page }) => {
  // A file of the same origin that does not start the app, so the log is in place before the
  // app's first start, as it is in a browser that ran version 1.
  await page.goto('/public/favicon.png');
  const saved = readFileSync(new URL('../fixtures/store-v1.json', import.meta.url), 'utf8');
  await page.evaluate((text) => localStorage.setItem('csp-desk.events.v1', text), saved);

  await page.goto('/customers?q=kept');
  await expect(page.getByRole('table', { name: 'Customers' }).getByRole('row', { name: /Kept From Version One/ })).toBeVisible();
  await expect(customerCount(page)).toHaveText('Showing 1 of 15 customers');
  await expect(page.getByRole('group', { name: 'Simulation clock' })).toContainText('25 Nov 2021');
  expect(await page.evaluate(() => localStorage.getItem('csp-desk.events.v1'))).toBeNull();
  expect(await page.evaluate(eventRecords)).toBe(1);

  // The order placed in version 1 is there, and everything stays over a reload.
  await page.goto('/customers/fabrikam/orders');
  await expect(page.getByRole('link', { name: 'ORD-A3UME7YRJB' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('link', { name: 'ORD-A3UME7YRJB' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

/** `count` customers as a CSV file, numbered from `first`. */
function customersCsv(first: number, count: number): string {
  const rows = ['name,defaultDomain,tenantId,market,currency'];
  for (let n = first; n < first + count; n++) {
    const number = String(n).padStart(6, '0');
    rows.push(`Load ${number},load${number}.onmicrosoft.com,00000000-0000-4000-8000-${String(n).padStart(12, '0')},NL,EUR`);
  }
  return rows.join('\r\n') + '\r\n';
}

test('the log holds 200,000 events and finds them all after a reload', async ({ page }) => {
  const batch = 10_000; // the most one import takes
  const batches = 20;
  test.setTimeout(15 * 60_000);
  await page.goto('/customers/new');
  for (let first = 1; first <= batch * batches; first += batch) {
    await page.getByLabel('CSV file').setInputFiles({
      name: 'customers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(customersCsv(first, batch)),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'imported' })).toHaveText(`${batch.toLocaleString('en-GB')} customers were imported.`, { timeout: 60_000 });
  }
  // The demo's record, and one for each import.
  expect(await page.evaluate(eventRecords)).toBe(1 + batches);

  await page.goto('/customers');
  await expect(customerCount(page)).toHaveText('200,014 customers', { timeout: 120_000 });
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('load 200000');
  await expect(customerCount(page)).toHaveText('Showing 1 of 200,014 customers');
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('load 000001');
  await expect(customerCount(page)).toHaveText('Showing 1 of 200,014 customers');
});
