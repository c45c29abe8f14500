// `make bench-ui`: how fast the customers page answers a keystroke with 10,000 and 100,000
// extra customers in the embedded local backend, in headless Chromium, beside a plain-DOM
// page that filters the same customers and draws only the rows a page shows. It prints
// figures; it fails only if the app does not do what the keystrokes ask.
//
// Key to paint is measured in the page: from the keydown event to the first frame after the
// list's count changed (a requestAnimationFrame callback, then a task, which runs once that
// frame is painted), the same way for the app and the baseline.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const port = Number(process.env.BENCH_PORT ?? 4181);
const base = `http://127.0.0.1:${port}`;
const batch = 10_000; // the most one import takes
// Narrowing, then widening back to everyone: each changes the count the page shows.
const keys = ['1', '2', '3', 'Backspace', 'Backspace', 'Backspace'];
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

const server = spawn('node', ['serve.mjs', process.env.BENCH_DIST ?? '../dist', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => server.stdout.once('data', resolve));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
});

function customersCsv(first, count) {
  const rows = ['name,defaultDomain,tenantId,market,currency'];
  for (let n = first; n < first + count; n++) {
    const number = String(n).padStart(6, '0');
    rows.push(`Load ${number},load${number}.onmicrosoft.com,00000000-0000-4000-8000-${String(n).padStart(12, '0')},NL,EUR`);
  }
  return rows.join('\r\n') + '\r\n';
}

// Installed in every page: the time of the last keydown, and a wait for the next change of the
// count that ends once the frame showing it is painted.
function instrument() {
  window.__bench = { key: 0 };
  document.addEventListener('keydown', (event) => {
    window.__bench.key = event.timeStamp;
  }, true);
  window.__bench.changed = (before) =>
    new Promise((resolve) => {
      const count = () => [...document.querySelectorAll('[role=status]')].map((s) => s.textContent).join('|');
      const done = () => requestAnimationFrame(() => setTimeout(() => resolve({
        paint: performance.now() - window.__bench.key,
        text: count(),
      })));
      if (count() !== before) return done();
      const observer = new MutationObserver(() => {
        if (count() === before) return;
        observer.disconnect();
        done();
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
}

async function keystrokes(page, search) {
  await search.focus();
  const figures = [];
  for (let round = 0; round < rounds; round++) {
    for (const key of keys) {
      const before = await page.evaluate(() => [...document.querySelectorAll('[role=status]')].map((s) => s.textContent).join('|'));
      const changed = page.evaluate((text) => window.__bench.changed(text), before);
      await page.keyboard.press(key);
      const { paint } = await changed;
      figures.push(paint);
    }
  }
  return figures;
}

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const row = (what, figures, of = 'keystrokes') =>
  console.log(`${what.padEnd(58)} ${median(figures).toFixed(1).padStart(8)} ${Math.max(...figures).toFixed(1).padStart(8)}   (${figures.length} ${of})`);

async function importCustomers(page, first, count) {
  await page.goto(`${base}/customers/new`);
  for (let start = first; start < first + count; start += batch) {
    await page.getByLabel('CSV file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(customersCsv(start, batch)) });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('status').filter({ hasText: 'customers were imported' }).waitFor({ timeout: 120_000 });
    await page.goto(`${base}/customers/new`);
  }
}

async function app(page, extra) {
  await page.goto(`${base}/customers`);
  const status = page.getByRole('status').filter({ hasText: /customers$/ });
  const started = Date.now();
  await status.waitFor({ timeout: 300_000 });
  // The first paint of the customers page: from navigation to the frame with its rows.
  const firstPaint = await page.evaluate(() => new Promise((resolve) => {
    const rows = () => document.querySelectorAll('table tbody tr').length > 0;
    const done = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now())));
    if (rows()) return done();
    new MutationObserver((_, observer) => { if (rows()) { observer.disconnect(); done(); } })
      .observe(document.body, { subtree: true, childList: true });
  }));
  const shown = await status.textContent();
  if (!shown.includes((extra + 19).toLocaleString('en-GB'))) throw new Error(`the page shows "${shown}" with ${extra} extra customers`);
  const search = page.getByRole('searchbox', { name: 'Search customers' });
  const figures = await keystrokes(page, search);
  if (process.env.BENCH_VERBOSE) console.log(figures.map((f) => f.toFixed(0)).join(' '));
  return { firstPaint, figures, waited: Date.now() - started };
}

// The baseline: the same customers in a plain array, filtered on each input by the same
// fields, and only the first 50 matches drawn.
function baselinePage(count) {
  return `<!doctype html><html lang="en"><body>
<label for="q">Search customers</label><input id="q" type="search">
<p role="status"></p>
<table><thead><tr><th>Name</th><th>Domain</th><th>Tenant</th><th>Market</th></tr></thead><tbody></tbody></table>
<script>
const customers = [];
for (let n = 1; n <= ${count}; n++) {
  const number = String(n).padStart(6, '0');
  customers.push({ name: 'Load ' + number, domain: 'load' + number + '.onmicrosoft.com', tenant: '00000000-0000-4000-8000-' + String(n).padStart(12, '0'), market: 'NL' });
}
const status = document.querySelector('[role=status]');
const body = document.querySelector('tbody');
const format = new Intl.NumberFormat('en-GB');
function show(search) {
  const folded = search.trim().toLowerCase();
  const matching = folded ? customers.filter((c) => c.name.toLowerCase().includes(folded) || c.domain.includes(folded) || c.tenant.includes(folded)) : customers;
  status.textContent = folded ? 'Showing ' + format.format(matching.length) + ' of ' + format.format(customers.length) + ' customers' : format.format(customers.length) + ' customers';
  const rows = document.createDocumentFragment();
  for (const c of matching.slice(0, 50)) {
    const tr = document.createElement('tr');
    for (const text of [c.name, c.domain, c.tenant, c.market]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    rows.append(tr);
  }
  body.replaceChildren(rows);
}
const started = performance.now();
show('');
requestAnimationFrame(() => setTimeout(() => { window.__firstPaint = performance.now() - started; }));
document.querySelector('#q').addEventListener('input', (event) => show(event.target.value));
</script></body></html>`;
}

async function baseline(page, count) {
  await page.setContent(baselinePage(count));
  await page.evaluate(instrument);
  await page.waitForFunction(() => window.__firstPaint !== undefined);
  const firstPaint = await page.evaluate(() => window.__firstPaint);
  const figures = await keystrokes(page, page.getByRole('searchbox', { name: 'Search customers' }));
  return { firstPaint, figures };
}

console.log('csp-desk customers page, headless Chromium, embedded local backend (ms)');
console.log(`${'what'.padEnd(58)} ${'median'.padStart(8)} ${'worst'.padStart(8)}`);
const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'UTC' });
await context.addInitScript(instrument);
const page = await context.newPage();
await page.goto(`${base}/`);
// One customer added through the page, from the click on Import to the answer on screen: the
// write of its one record, which should cost the same however long the log is.
async function addOne(page, number) {
  await page.goto(`${base}/customers/new`);
  await page.getByLabel('CSV file').setInputFiles({ name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from(customersCsv(number, 1)) });
  const started = await page.evaluate(() => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Import');
    const at = performance.now();
    button.click();
    return at;
  });
  await page.getByRole('status').filter({ hasText: 'was imported' }).waitFor();
  return (await page.evaluate(() => performance.now())) - started;
}

const oneAtStart = [];
for (let n = 0; n < 5; n++) oneAtStart.push(await addOne(page, 900_000 + n));
let imported = 0;
// BENCH_SIZES=10000 measures one size only, for a quicker look while working.
const sizes = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
for (const extra of sizes) {
  const started = Date.now();
  await importCustomers(page, imported + 1, extra - imported);
  const importing = Date.now() - started;
  imported = extra;
  const measured = await app(page, extra);
  // A page of its own, closed after: a tab left open would put the app's in the background,
  // where the browser holds back its frames and timers.
  const plainPage = await context.newPage();
  const plain = await baseline(plainPage, extra + 19);
  await plainPage.close();
  const label = extra.toLocaleString('en-GB');
  row(`app, ${label} extra customers: key to paint`, measured.figures);
  row(`plain-DOM baseline, ${label}: key to paint`, plain.figures);
  console.log(`${`app, ${label}: first paint of /customers (from navigation)`.padEnd(58)} ${measured.firstPaint.toFixed(0).padStart(8)}`);
  console.log(`${`plain-DOM baseline, ${label}: first paint (from its script)`.padEnd(58)} ${plain.firstPaint.toFixed(0).padStart(8)}`);
  console.log(`${`app, ${label}: ratio of medians to the baseline`.padEnd(58)} ${(median(measured.figures) / median(plain.figures)).toFixed(2).padStart(8)}`);
  console.log(`(importing ${label} took ${(importing / 1000).toFixed(1)} s in ${Math.ceil((extra - (extra === 10_000 ? 0 : 10_000)) / batch)} imports)`);
}
const oneAtEnd = [];
for (let n = 0; n < 5; n++) oneAtEnd.push(await addOne(page, 900_100 + n));
row('Import of 1 customer, log of the demo (about 60 events)', oneAtStart, 'imports');
row(`Import of 1 customer, log of ${(imported + 19).toLocaleString('en-GB')} customers`, oneAtEnd, 'imports');
await browser.close();
server.kill();
