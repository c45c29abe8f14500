import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { test, expect, signInAs } from './fixtures';
import type { APIRequestContext, Page } from '@playwright/test';

/** `count` customers as a CSV file, named so that they sort after the demo's own. */
function customersCsv(count: number): string {
  const rows = ['name,defaultDomain,tenantId,market,currency'];
  for (let n = 1; n <= count; n++) {
    const number = String(n).padStart(3, '0');
    rows.push(`Zeta ${number},zeta${number}.onmicrosoft.com,00000000-0000-4000-8000-${String(n).padStart(12, '0')},DE,EUR`);
  }
  return rows.join('\r\n') + '\r\n';
}

async function importCustomers(page: Page, count: number) {
  await page.goto('/customers/new');
  await page.getByLabel('CSV file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(customersCsv(count)) });
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status').filter({ hasNotText: '…' })).toHaveText(`${count} customers were imported.`);
}

/** Avery shows Wingtip's Office key `count` times through csp-server's API: as many records in
 * the activity log. */
async function showKeys(request: APIRequestContext, count: number) {
  const session = await request.post('/v1/session', { data: { user: 'avery' } });
  const { token } = await session.json();
  for (let n = 0; n < count; n++) {
    const shown = await request.post('/v1/customers/wingtip/software/ORD-1005-0/key', {
      headers: { Authorization: `Bearer ${token}` },
      data: { selection: { version: '2021', language: 'English', fileType: '64-bit' } },
    });
    expect(shown.status()).toBe(200);
  }
}

test('a long customer list shows 50 rows a page, with the range, and the page survives a reload', async ({ page }) => {
  await page.goto('/');
  await importCustomers(page, 60);
  await page.goto('/customers');
  const table = page.getByRole('table', { name: 'Customers' });
  const rows = table.getByRole('row');
  const pages = page.getByRole('navigation', { name: 'Pages' });
  // The count, not a loading line ("Loading users…") that may show beside it for a moment.
  const count = page.getByRole('status').filter({ hasNotText: '…' });
  await expect(count).toHaveText('74 customers');
  await expect(pages).toContainText('1–50 of 74');
  // A header row and the 50 rows of the first page; the 50th and 51st customer by name.
  await expect(rows).toHaveCount(51);
  await expect(rows.nth(50)).toContainText('Zeta 036');
  await expect(pages.getByRole('link', { name: 'Previous page' })).toHaveCount(0);

  await pages.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/\/customers\?page=2$/);
  await expect(pages).toContainText('51–74 of 74');
  await expect(rows).toHaveCount(25);
  await expect(rows.nth(1)).toContainText('Zeta 037');
  await expect(pages.getByRole('link', { name: 'Next page' })).toHaveCount(0);

  await page.reload();
  await expect(pages).toContainText('51–74 of 74');
  await expect(rows.nth(24)).toContainText('Zeta 060');

  // From the keyboard: the previous page's link is reached by Tab and followed by Enter.
  const previous = pages.getByRole('link', { name: 'Previous page' });
  await previous.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/customers$/);
  await expect(pages).toContainText('1–50 of 74');
  // The focus stays on the pager, not thrown back to the top of the page: on the first page
  // "Previous page" is no link, and Tab goes on to the next page's.
  await expect(pages.getByText('Previous page')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(pages.getByRole('link', { name: 'Next page' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(pages).toContainText('51–74 of 74');
  await expect(pages.getByText('Next page')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(previous).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(pages).toContainText('1–50 of 74');

  // A search starts again from the first page, and a list that fits on one has no pages.
  await pages.getByRole('link', { name: 'Next page' }).click();
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('zeta 05');
  await expect(page).toHaveURL(/\/customers\?q=zeta%2005$/);
  await expect(count).toHaveText('Showing 10 of 74 customers');
  await expect(rows).toHaveCount(11);
  await expect(pages).toHaveCount(0);

  // Closing soon's customer filter offers the first 50 customers by name and says how many
  // more there are; its search finds the others.
  await page.goto('/closing-soon');
  const chooser = page.getByRole('combobox', { name: 'Customer' });
  // "All customers", 50 customers, and the count.
  await expect(chooser.getByRole('option')).toHaveCount(52);
  await expect(chooser.getByRole('option').last()).toHaveText('Showing 50 of 74 customers');
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('zeta 060');
  await expect(chooser.getByRole('option')).toHaveCount(2);
  await chooser.selectOption({ label: 'Zeta 060' });
  await expect(page).toHaveURL(/customer=/);
  await expect(page.getByRole('status').filter({ hasText: 'Nothing closes' })).toHaveText('Nothing closes in this period.');
  // Reloaded with no search, the chosen customer, the 74th by name, is still the one chosen.
  const chosen = new URL(page.url()).searchParams.get('customer')!;
  await page.reload();
  await expect(chooser).toHaveValue(chosen);
  await expect(chooser.getByRole('option')).toHaveCount(53);

  // The VL to CSP helper chooses its customer the same way, and remembers for the one it was
  // opened for, the 74th by name.
  await page.goto(`/vl-to-csp?customer=${chosen}`);
  const remembering = page.getByRole('combobox', { name: 'Customer' });
  await expect(remembering).toHaveValue(chosen);
  await page.getByLabel('Last KMS activation').fill('2021-06-01');
  await page.getByRole('button', { name: 'Remember deadline' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Remembered' })).toContainText('Zeta 060');
});

test('while someone types, the customer list redraws its first 16 rows; the others follow when typing pauses', async ({ page }) => {
  // The page's timers wait for the test: typing has paused only when the test says so.
  await page.clock.install();
  await page.goto('/');
  await importCustomers(page, 60);
  await page.goto('/customers');
  const rows = page.getByRole('table', { name: 'Customers' }).getByRole('row');
  await expect(rows).toHaveCount(51);
  await page.clock.pauseAt(Date.now() + 1_000);

  await page.getByRole('searchbox', { name: 'Search customers' }).pressSequentially('zeta');
  await expect(page.getByRole('status').filter({ hasNotText: '…' })).toHaveText('Showing 60 of 74 customers');
  // The header row and the first 16 of the 50 the page holds; the 16th is the newest list's.
  await expect(rows).toHaveCount(17);
  await expect(rows.nth(16)).toContainText('Zeta 016');
  await expect(page.getByRole('navigation', { name: 'Pages' })).toContainText('1–50 of 60');

  // A quarter of a second without a keystroke: every row of the page, and the search in the URL.
  await page.clock.runFor(250);
  await expect(rows).toHaveCount(51);
  await expect(rows.nth(17)).toContainText('Zeta 017');
  await expect(rows.nth(50)).toContainText('Zeta 050');
  await expect(page).toHaveURL(/\/customers\?q=zeta$/);
});

test('a keystroke that makes a search stale cancels its request to the server', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'server', 'only csp-server is asked over the wire');
  await page.goto('/customers');
  const count = page.getByRole('status').filter({ hasNotText: '…' });
  await expect(count).toHaveText(/customers$/);
  // The answer to the search for "f" is held back, so that the next keystroke comes first.
  let release = () => {};
  const held = new Promise<void>((resolve) => { release = resolve; });
  await page.route(/\/v1\/customers\?search=f&/, async (route) => {
    await held;
    await route.continue().catch(() => {});
  });
  const search = page.getByRole('searchbox', { name: 'Search customers' });
  const asked = page.waitForRequest(/\/v1\/customers\?search=f&/);
  const cancelled = page.waitForEvent('requestfailed', (request) => /\/v1\/customers\?search=f&/.test(request.url()));
  await search.press('f');
  await asked;
  await search.press('a');
  expect((await cancelled).failure()?.errorText).toBe('net::ERR_ABORTED');
  release();
  await expect(page).toHaveURL(/\/customers\?q=fa$/);
  await expect(page.getByRole('table', { name: 'Customers' }).getByRole('link', { name: 'Fabrikam' })).toBeVisible();
});

test('a long order history shows 50 orders a page, and the page is in the URL', async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== 'server', 'the orders are placed through csp-server\'s API');
  const session = await request.post('/v1/session', { data: { user: 'avery' } });
  const { token } = await session.json();
  const placedOrders: string[] = [];
  for (let n = 0; n < 53; n++) {
    const placed = await request.post('/v1/customers/fabrikam/orders', {
      headers: { Authorization: `Bearer ${token}` },
      data: { lineItems: [{ offerId: 'DG7GMGF0D5RK:0001', quantity: 1, billingCycle: 'annual' }] },
    });
    expect(placed.status()).toBe(201);
    placedOrders.push((await placed.json()).id);
  }
  await page.goto('/customers/fabrikam/orders');
  const history = page.getByRole('table', { name: 'Order history' });
  const pages = page.getByRole('navigation', { name: 'Pages' });
  // The demo's two orders and the 53 new ones; a header row and the first 50.
  await expect(pages).toContainText('1–50 of 55');
  await expect(history.getByRole('row')).toHaveCount(51);
  await pages.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/\/customers\/fabrikam\/orders\?page=2$/);
  await expect(pages).toContainText('51–55 of 55');
  // Newest first: the demo's oldest order ends the last page.
  await expect(history.getByRole('row').last()).toContainText('ORD-1003');
  // Only the page shown is read; the CSV reads every order when it is asked for.
  const orderPages: string[] = [];
  page.on('request', (sent) => {
    const url = new URL(sent.url());
    if (url.pathname === '/v1/customers/fabrikam/orders') {
      orderPages.push(`${url.searchParams.get('size')} from ${url.searchParams.get('offset')}`);
    }
  });
  await page.reload();
  await expect(pages).toContainText('51–55 of 55');
  await expect(history.getByRole('row')).toHaveCount(6);
  expect(orderPages).toEqual(['50 from 50']);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const csv: Record<string, string>[] = parse(await readFile(await (await download).path()), { bom: true, columns: true });
  // One row per line item: every order of the 55 is there.
  expect(new Set(csv.map((row) => row.orderId)).size).toBe(55);

  // Each Windows Server subscription is software too: the Software tab reads only its page.
  const softwarePages: string[] = [];
  page.on('request', (sent) => {
    const url = new URL(sent.url());
    if (url.pathname === '/v1/customers/fabrikam/software') {
      softwarePages.push(`${url.searchParams.get('size')} from ${url.searchParams.get('offset')}`);
    }
  });
  await page.goto('/customers/fabrikam/software?page=2');
  const softwareRange = page.getByRole('navigation', { name: 'Pages' });
  await expect(softwareRange).toContainText(/51–(\d+) of \1/);
  expect(softwarePages).toEqual(['50 from 50']);
  // From the keyboard: the list is drawn anew, and the focus stays on its pager.
  await softwareRange.getByRole('link', { name: 'Previous page' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/customers\/fabrikam\/software$/);
  await expect(softwareRange).toContainText(/1–50 of \d+/);
  await expect(softwareRange.getByText('Previous page')).toBeFocused();
  expect(softwarePages.at(-1)).toBe('50 from 0');

  // And each has its 7-day cancellation window closing: Closing soon reads only its page, and
  // its CSV and calendar read every deadline when they are asked for.
  const deadlinePages: string[] = [];
  page.on('request', (sent) => {
    const url = new URL(sent.url());
    if (url.pathname === '/v1/deadlines') {
      deadlinePages.push(`${url.searchParams.get('within')} ${url.searchParams.get('size')} from ${url.searchParams.get('offset')}`);
    }
  });
  await page.goto('/closing-soon?customer=fabrikam&page=2');
  const deadlines = page.getByRole('table', { name: 'Closing soon' });
  const deadlineRange = page.getByRole('navigation', { name: 'Pages' });
  await expect(deadlineRange).toContainText(/51–(\d+) of \1/);
  const listed = Number((await deadlineRange.innerText()).match(/of (\d+)/)![1]);
  expect(listed).toBeGreaterThanOrEqual(53);
  await expect(deadlines.getByRole('row')).toHaveCount(listed - 50 + 1);
  // The menu's count reads one page of what closes within 24 hours; the list, its page.
  expect(deadlinePages.filter((asked) => asked.startsWith('30d'))).toEqual(['30d 50 from 50']);
  const deadlinesCsv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const deadlineRows = parse(await readFile(await (await deadlinesCsv).path()), { bom: true, columns: true });
  expect(deadlineRows).toHaveLength(listed);
  const deadlinesIcs = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Add to calendar (.ics)' }).click();
  const ics = await readFile(await (await deadlinesIcs).path(), 'utf8');
  expect(ics.match(/^BEGIN:VEVENT/gm)).toHaveLength(listed);
  expect(deadlinePages.filter((asked) => asked.startsWith('30d')).slice(1)).toEqual(['30d 500 from 0', '30d 500 from 0']);

  // Cancelled within their 7 days, the 53 subscriptions book 53 credits. Billing reads the
  // chart's monthly totals and only the page of credits it shows; its CSV reads every credit.
  for (const order of placedOrders) {
    const cancelled = await request.patch(`/v1/customers/fabrikam/subscriptions/${order}-0`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { status: 'deleted', acknowledged: true },
    });
    expect(cancelled.status()).toBe(200);
  }
  const credited: string[] = [];
  page.on('request', (sent) => {
    const url = new URL(sent.url());
    if (url.pathname.startsWith('/v1/credits')) {
      credited.push(`${url.pathname} ${url.searchParams.get('size')} from ${url.searchParams.get('offset')}`);
    }
  });
  await page.goto('/billing?page=2');
  const creditPages = page.getByRole('navigation', { name: 'Pages' }).first();
  await expect(creditPages).toContainText(/51–(\d+) of \1/);
  const credits = Number((await creditPages.innerText()).match(/of (\d+)/)![1]);
  expect(credits).toBeGreaterThanOrEqual(54);
  expect(credited).toEqual(['/v1/credits/by-month 500 from 0', '/v1/credits 50 from 50']);
  // The chart's table: the 53 credits are on next month's invoice, December 2021.
  const chart = page.getByRole('table', { name: 'Credits of the last 12 invoice months in USD' });
  await expect(chart.getByRole('row', { name: /2021-12/ }).getByRole('cell')).toHaveText(/[1-9]/);
  const creditsCsv = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).first().click();
  const creditRows = parse(await readFile(await (await creditsCsv).path()), { bom: true, columns: true });
  expect(creditRows).toHaveLength(credits);
  expect(credited.slice(2)).toEqual(['/v1/credits 500 from 0']);

  // Each order was billed: Billing reads only the page of charges it shows, named by customer.
  const charged: string[] = [];
  page.on('request', (sent) => {
    const url = new URL(sent.url());
    if (url.pathname === '/v1/charges') {
      charged.push(`${url.searchParams.get('size')} from ${url.searchParams.get('offset')}`);
    }
  });
  await page.goto('/billing?chargesPage=2');
  const chargePages = page.getByRole('navigation', { name: 'Pages' }).last();
  await expect(chargePages).toContainText(/51–\d+ of \d+/);
  expect(charged).toEqual(['50 from 50']);
  await expect(page.getByRole('link', { name: 'Fabrikam Inc' }).first()).toBeVisible();
  await chargePages.getByRole('link', { name: 'Previous page' }).click();
  await expect(page).toHaveURL(/\/billing$/);
  await expect(chargePages).toContainText(/1–50 of \d+/);
  expect(charged.at(-1)).toBe('50 from 0');
});

test('the activity log reads only the page it shows, names its customers, and its CSV holds every record', async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== 'server', 'the keys are shown through csp-server\'s API');
  await showKeys(request, 51);
  // What the app asks the server for: each path, and the page of the activity log asked.
  const asked: string[] = [];
  const logPages: string[] = [];
  page.on('request', (sent) => {
    const url = new URL(sent.url());
    asked.push(url.pathname);
    if (url.pathname === '/v1/auditrecords') {
      logPages.push(`${url.searchParams.get('size')} from ${url.searchParams.get('offset')}`);
    }
  });
  await page.goto('/settings');
  await signInAs(page, 'gale');
  await page.goto('/settings/activity-log');
  const pages = page.getByRole('navigation', { name: 'Pages' });
  const log = page.getByRole('table', { name: 'Activity log' });
  await expect(pages).toContainText(/1–50 of \d+/);
  const total = Number((await pages.textContent())!.match(/of ([\d,]+)/)![1].replace(/,/g, ''));
  expect(total).toBeGreaterThanOrEqual(51);
  // Newest first: the 51 keys just shown lead the first page, named by their customer.
  await expect(log.getByRole('row').nth(1)).toContainText('Wingtip Toys Pty');
  await pages.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/\/settings\/activity-log\?page=2$/);
  await expect(pages).toContainText(`51–${Math.min(total, 100)} of ${total}`);
  // One page of 50 at a time, and no customer read to name the rows. (The first page is read
  // again once the dates it was read for fill the date fields.)
  expect([...new Set(logPages)]).toEqual(['50 from 0', '50 from 50']);
  expect(asked.filter((path) => path.startsWith('/v1/customers'))).toEqual([]);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const file = await download;
  const csv: Record<string, string>[] = parse(await readFile(await file.path()), { bom: true, columns: true });
  expect(csv).toHaveLength(total);
  expect(csv[0].customerId).toBe('wingtip');
});

test('new dates in the activity log start its list again at the first page', async ({ page, request }, testInfo) => {
  test.skip(testInfo.project.name !== 'server', 'the keys are shown through csp-server\'s API');
  await showKeys(request, 51);
  await page.goto('/settings');
  await signInAs(page, 'gale');
  await page.goto('/settings/activity-log');
  const pages = page.getByRole('navigation', { name: 'Pages' });
  await expect(pages).toContainText(/1–50 of \d+/);
  await pages.getByRole('link', { name: 'Next page' }).click();
  await expect(page).toHaveURL(/\/settings\/activity-log\?page=2$/);
  await expect(pages).toContainText(/51–\d+ of \d+/);
  // A day earlier: the same records and more, from the top, not from page 2.
  await page.getByLabel('From').fill('2021-10-16');
  await expect(page).toHaveURL(/\/settings\/activity-log$/);
  await expect(pages).toContainText(/1–50 of \d+/);
});
