import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import ICAL from 'ical.js';
import { parse } from 'csv-parse/sync';
import { test, expect, signInAs } from './fixtures';
import type { Page, Locator } from '@playwright/test';

// The demo clock stands at 15 Nov 2021, 10:00 UTC. Alpine Ski House has bought nothing, so
// what the tests buy for it is all Closing soon lists for it.
const STANDARD = 'Windows Server 2022 Standard - 16 Core License Pack';
const OFFICE = 'Office LTSC Professional Plus 2021';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await signInAs(page, 'avery');
});

function clock(page: Page): Locator {
  return page.getByRole('group', { name: 'Simulation clock' });
}

/** Moves the simulation clock by pressing its buttons, and waits for each move. */
async function moveClock(page: Page, button: string, times = 1) {
  for (let done = 0; done < times; done++) {
    const before = await clock(page).innerText();
    await clock(page).getByRole('button', { name: button }).click();
    await expect(clock(page)).not.toHaveText(before);
  }
}

/** Buys one unit of `product` (`term` as the Add products page names it) for Alpine. */
async function buyForAlpine(page: Page, product: string, term: string) {
  await page.goto('/customers/alpine/add-products');
  await page.getByRole('spinbutton', { name: `Quantity of ${product}, ${term}` }).fill('1');
  await page.getByRole('button', { name: `Add ${product}, ${term} to order` }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Submit order' }).click();
  await expect(page.getByRole('heading', { name: /Order ORD-\w+ was placed\./ })).toBeVisible();
}

/** Closing soon for Alpine, opened from its tile and then filtered as a person would. */
async function closingSoonForAlpine(page: Page, kind: string, within = '30 days'): Promise<Locator> {
  await page.goto('/');
  await page.getByRole('link', { name: /^Closing soon/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Closing soon' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Customer' }).selectOption({ label: 'Alpine Ski House' });
  await page.getByRole('combobox', { name: 'Kind' }).selectOption({ label: kind });
  await page.getByRole('combobox', { name: 'Within' }).selectOption({ label: within });
  await expect(page).toHaveURL(/customer=alpine/);
  return page.getByRole('table', { name: 'Closing soon' });
}

/** The Closing soon tile, whose name ends with what closes within 24 hours once that is known. */
function closingSoonTile(page: Page) {
  return page.getByRole('navigation', { name: 'Workspaces' }).getByRole('link', { name: /^Closing soon/ });
}

test('a 1-year subscription shows its cancellation window closing, under a day left, then gone, and its term end once autorenew is off', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await buyForAlpine(page, STANDARD, '1 year');

  const subscriptionWindow = 'Cancellation window closes (subscription)';
  let table = await closingSoonForAlpine(page, subscriptionWindow, '7 days');
  const row = table.getByRole('row', { name: new RegExp(STANDARD) });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell').nth(1)).toHaveText('7 days');
  await expect(row).toContainText('22 Nov 2021');
  await expect(row.getByRole('link', { name: 'Open the cancel dialog' })).toBeVisible();

  // Six days and an hour on, under a day is left, and it counts among what closes today.
  await moveClock(page, '+1 day', 6);
  await moveClock(page, '+1 hour');
  await expect(clock(page)).toContainText('21 Nov 2021, 11:00');
  await expect(row.getByRole('cell').nth(1)).toHaveText('23 hours');
  await page.goto('/closing-soon?within=24h');
  const today = page.getByRole('table', { name: 'Closing soon' });
  await expect(today.getByRole('row', { name: new RegExp(`Alpine Ski House.*${STANDARD}`) })).toHaveCount(1);
  const listedToday = (await today.getByRole('row').count()) - 1;
  // The count is read with one page of the deadlines, not all of them.
  const counted = testInfo.project.name === 'server'
    ? page.waitForRequest((sent) => new URL(sent.url()).pathname === '/v1/deadlines')
    : undefined;
  await page.goto('/');
  const closes = listedToday === 1 ? 'closes' : 'close';
  await expect(closingSoonTile(page)).toContainText(`(${listedToday} ${closes} within 24 hours)`);
  if (counted) {
    const asked = new URL((await counted).url()).searchParams;
    expect([asked.get('within'), asked.get('size'), asked.get('offset')]).toEqual(['24h', '50', '0']);
  }

  // The cancel link opens the dialog on the subscription itself.
  await page.goto('/closing-soon?customer=alpine&kind=subscription_cancellation&within=24h');
  await page.getByRole('link', { name: 'Open the cancel dialog' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel subscription' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);

  // Two days later the window has closed: it leaves the list by itself.
  await moveClock(page, '+1 day', 2);
  table = await closingSoonForAlpine(page, subscriptionWindow, '90 days');
  await expect(page.getByText('Nothing closes in this period.')).toBeVisible();
  await expect(table).toHaveCount(0);

  // Nine months on, the term's end is within 90 days: it renews and charges, until autorenew
  // is turned off through the link, and then it expires.
  await moveClock(page, '+30 days', 9);
  table = await closingSoonForAlpine(page, 'Term ends and renews', '90 days');
  await expect(table.getByRole('row', { name: new RegExp(STANDARD) })).toContainText(/Renews and charges €[\d,.]+/);
  await table.getByRole('link', { name: 'Open the autorenew switch' }).click();
  const autorenew = page.getByRole('switch', { name: 'Autorenew' });
  await expect(autorenew).toBeFocused();
  await autorenew.uncheck();
  await page.getByRole('region', { name: 'Autorenew' }).getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByText(/Autorenew is off/)).toBeVisible();

  table = await closingSoonForAlpine(page, 'Term ends and expires', '90 days');
  await expect(table.getByRole('row', { name: new RegExp(STANDARD) })).toContainText('Expires: autorenew is off.');
  table = await closingSoonForAlpine(page, 'Term ends and renews', '90 days');
  await expect(page.getByText('Nothing closes in this period.')).toBeVisible();
});

test('a perpetual purchase shows its 30-day window closing, under a day left, then gone', async ({ page }) => {
  test.setTimeout(90_000);
  await buyForAlpine(page, OFFICE, 'perpetual');
  const perpetualWindow = 'Cancellation window closes (perpetual)';
  const table = await closingSoonForAlpine(page, perpetualWindow, '30 days');
  const row = table.getByRole('row', { name: new RegExp(OFFICE) });
  await expect(row.getByRole('cell').nth(1)).toHaveText('30 days');
  await expect(row).toContainText('15 Dec 2021');
  await expect(row).toContainText(/cancelling now credits €[\d,.]+ \(excl\. tax\), 100%/);

  await moveClock(page, '+7 days', 4);
  await moveClock(page, '+1 day');
  await moveClock(page, '+1 hour');
  await expect(row.getByRole('cell').nth(1)).toHaveText('23 hours');
  // Where to act: the Software tab with the product's cancel dialog open.
  await row.getByRole('link', { name: 'Open the cancel dialog' }).click();
  const dialog = page.getByRole('dialog', { name: new RegExp(`Cancel ${OFFICE}`) });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toHaveCount(0);

  await moveClock(page, '+1 day', 2);
  await closingSoonForAlpine(page, perpetualWindow, '30 days');
  await expect(page.getByText('Nothing closes in this period.')).toBeVisible();
});

test('the CSV and the calendar hold exactly the deadlines the page lists, at the same UTC moments', async ({ page }) => {
  await buyForAlpine(page, STANDARD, '1 year');
  await buyForAlpine(page, OFFICE, 'perpetual');
  await page.goto('/closing-soon?within=90d');
  const table = page.getByRole('table', { name: 'Closing soon' });
  await expect(table).toBeVisible();
  const listed = await table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => ({
      due: row.querySelector('time')!.getAttribute('datetime'),
      customer: row.querySelectorAll('td')[2].textContent,
    })),
  );
  expect(listed.length).toBeGreaterThanOrEqual(3);

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const csvFile = await csvDownload;
  expect(csvFile.suggestedFilename()).toBe('closing-soon.csv');
  const csv: Record<string, string>[] = parse(await readFile(await csvFile.path()), { bom: true, columns: true });
  expect(csv.map((row) => ({ due: row.due, customer: row.customer }))).toEqual(listed);
  for (const row of csv) {
    expect(row.due).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    if (row.amount) expect(row.amount).toMatch(/^-?\d+(\.\d+)?$/);
  }

  const icsDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Add to calendar (.ics)' }).click();
  const icsFile = await icsDownload;
  expect(icsFile.suggestedFilename()).toBe('closing-soon.ics');
  const calendar = new ICAL.Component(ICAL.parse(await readFile(await icsFile.path(), 'utf8')));
  const events = calendar.getAllSubcomponents('vevent').map((event) => new ICAL.Event(event));
  expect(events.map((event) => event.startDate.toJSDate().toISOString().replace('.000', ''))).toEqual(
    listed.map((row) => row.due),
  );
  expect(new Set(events.map((event) => event.uid)).size).toBe(events.length);
  for (const event of events) {
    expect(event.startDate.zone.tzid).toBe('UTC');
    const alarm = event.component.getFirstSubcomponent('valarm');
    expect(alarm?.getFirstPropertyValue('trigger')?.toString()).toBe('-P1D');
  }
  expect(events.some((event) => event.summary.includes('Alpine Ski House'))).toBeTruthy();
});

test('a MAK deadline remembered in the VL to CSP helper is listed with the others', async ({ page }) => {
  await page.goto('/vl-to-csp');
  await page.getByLabel('Last KMS activation').fill('2021-06-01');
  await page.getByRole('combobox', { name: 'Customer' }).selectOption({ label: 'Alpine Ski House' });
  await page.getByRole('button', { name: 'Remember deadline' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Remembered' })).toContainText('Alpine Ski House');
  const table = await closingSoonForAlpine(page, 'MAK deadline (moving from VL)', '30 days');
  const row = table.getByRole('row', { name: /Move from volume licensing/ });
  await expect(row).toContainText('28 Nov 2021');
  await expect(row.getByRole('cell').nth(1)).toHaveText('12 days, 14 hours');
  await page.reload();
  await expect(row).toContainText('28 Nov 2021');
});

test('the credits chart draws the figures of its table, and Closing soon and Billing pass axe', async ({ page }) => {
  await page.goto('/billing');
  const figure = page.locator('figure.chart').first();
  const chart = figure.getByRole('img', { name: /Credits of the last 12 invoice months in/ });
  await expect(chart).toBeVisible();
  const bars = await chart.locator('rect.bar').evaluateAll((rects) =>
    rects.map((rect) => ({
      label: rect.querySelector('title')!.textContent!,
      height: Number(rect.getAttribute('height')),
      minor: Number(rect.getAttribute('data-minor')),
    })),
  );
  expect(bars).toHaveLength(12);
  const name = await chart.getAttribute('aria-labelledby');
  const title = (await page.locator(`[id="${name}"]`).textContent())!;
  const rows = await figure.getByRole('table', { name: title }).locator('tbody tr').allInnerTexts();
  expect(bars.map((bar) => bar.label)).toEqual(rows.map((row) => row.replace('\t', ': ')));
  const highest = Math.max(...bars.map((bar) => bar.minor));
  expect(highest).toBeGreaterThan(0);
  for (const bar of bars) expect(bar.height).toBeCloseTo((bar.minor / highest) * 200, 0);

  for (const path of ['/billing', '/closing-soon?within=90d']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('table').first()).toBeVisible();
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations, path).toEqual([]);
  }
});

test('a row keeps its own node when the deadlines before it pass: rows are kept by what they stand for', async ({ page }) => {
  await page.goto('/closing-soon?within=90d');
  const table = page.getByRole('table', { name: 'Closing soon' });
  const wingtip = table.getByRole('row', { name: /Wingtip Toys/ });
  const litware = table.getByRole('row', { name: /Litware/ });
  const contoso = table.getByRole('row', { name: /Contoso/ });
  await expect(wingtip).toContainText('3 days, 22 hours');
  await expect(litware).toContainText('16 days, 3 hours');
  for (const [row, name] of [[litware, 'Litware'], [contoso, 'Contoso']] as const) {
    await row.evaluate((drawn, name) => { (drawn as HTMLElement).dataset.drawnFor = name; }, name);
  }

  // Past Wingtip's and Adatum's windows (19 Nov): the two rows above Litware's leave the list.
  await clock(page).getByLabel('Jump to date').fill('2021-11-20');
  await expect(clock(page)).toContainText('20 Nov 2021');
  await expect(wingtip).toHaveCount(0);
  await expect(table.getByRole('row', { name: /Adatum/ })).toHaveCount(0);
  await expect(litware).not.toContainText('16 days');
  expect(await litware.evaluate((drawn) => (drawn as HTMLElement).dataset.drawnFor)).toBe('Litware');
  expect(await contoso.evaluate((drawn) => (drawn as HTMLElement).dataset.drawnFor)).toBe('Contoso');
});
