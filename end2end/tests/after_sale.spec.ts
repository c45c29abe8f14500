import { test, expect, signInAs } from './fixtures';
import type { Page, Locator } from '@playwright/test';

// The demo desk starts at 15 Nov 2021, 10:00 UTC. Wingtip bought Office LTSC on 20 Oct 2021
// (inside its 30 days); Contoso bought Windows Server Datacenter on 1 Sep 2021 (past them).
const OFFICE = 'Office LTSC Professional Plus 2021';
const DATACENTER = 'Windows Server 2022 Datacenter - 16 Core License Pack';

test.beforeEach(async ({ page }) => {
  // Each test is a new browser profile; start from the app's own first run.
  await page.goto('/');
});

function clock(page: Page): Locator {
  return page.getByRole('group', { name: 'Simulation clock' });
}

async function software(page: Page, customer: string, product: string): Promise<Locator> {
  await page.goto(`/customers/${customer}/software`);
  const item = page.getByRole('region', { name: product });
  await expect(item).toBeVisible();
  return item;
}

/** "Get keys and downloads", then "Copy link"; the address the customer would receive. */
async function copyLink(item: Locator): Promise<string> {
  await item.getByRole('button', { name: 'Get keys and downloads' }).click();
  await item.getByRole('button', { name: 'Copy link' }).click();
  const field = item.getByRole('textbox', { name: 'Download link' });
  await expect(field).toHaveValue(/\/download\/[A-Za-z0-9_-]{20,}$/);
  await expect(item.getByText(/valid until .* with 50 of 50 downloads left/)).toBeVisible();
  return field.inputValue();
}

test('a link serves 50 downloads: the 50th works and the 51st says the link has expired', async ({ page }) => {
  test.setTimeout(90_000);
  const url = await copyLink(await software(page, 'wingtip', OFFICE));
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: 'Download' })).toBeVisible();
  await expect(page.getByText('50 of 50 downloads left')).toBeVisible();
  const button = page.getByRole('button', { name: 'Download', exact: true });
  const fileName = 'Office-LTSC-Professional-Plus-2021-2021-English-32-bit.txt';
  const first = page.waitForEvent('download');
  await button.click();
  expect((await first).suggestedFilename()).toBe(fileName);
  await expect(page.getByText('49 of 50 downloads left')).toBeVisible();
  // Chromium holds back a page's many quick downloads, so count the next 48 by what the
  // link says, and hand the 50th to the browser after a reload.
  for (let done = 2; done <= 49; done++) {
    await button.click();
    await expect(page.getByText(`${50 - done} of 50 downloads left`)).toBeVisible();
  }
  await page.reload();
  await expect(page.getByText('1 of 50 downloads left')).toBeVisible();
  const fiftieth = page.waitForEvent('download');
  await button.click();
  expect((await fiftieth).suggestedFilename()).toBe(fileName);
  await expect(page.getByText(`Downloaded ${fileName}.`)).toBeVisible();
  await expect(page.getByText('This link has expired')).toBeVisible();
  await expect(button).toHaveCount(0);
  // A 51st try, after a reload, finds the link expired too and uses nothing up.
  await page.reload();
  await expect(page.getByText('This link has expired')).toBeVisible();
  await expect(button).toHaveCount(0);
});

test('a link on day 15 says it has expired, and a fresh one works', async ({ page }) => {
  const url = await copyLink(await software(page, 'wingtip', OFFICE));
  await clock(page).getByRole('button', { name: '+7 days' }).click();
  await expect(clock(page)).toContainText('22 Nov 2021');
  await clock(page).getByRole('button', { name: '+7 days' }).click();
  await expect(clock(page)).toContainText('29 Nov 2021');
  await clock(page).getByRole('button', { name: '+1 day' }).click();
  await expect(clock(page)).toContainText('30 Nov 2021');

  await page.goto(url);
  await expect(page.getByText('This link has expired')).toBeVisible();
  await expect(clock(page)).toContainText('30 Nov 2021'); // the clock survives a reload

  const fresh = await copyLink(await software(page, 'wingtip', OFFICE));
  expect(fresh).not.toBe(url);
  await page.goto(fresh);
  await expect(page.getByText('50 of 50 downloads left')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Download', exact: true })).toBeEnabled();
});

test('the key dialog shows the 32-character key; after cancelling, the key is gone and the old link is revoked', async ({ page }) => {
  const item = await software(page, 'wingtip', OFFICE);
  const url = await copyLink(item);
  await item.getByRole('button', { name: 'Get key', exact: true }).click();
  const keyDialog = page.getByRole('dialog', { name: 'Product key' });
  await expect(keyDialog.getByText(/^[A-Za-z0-9]{32}$/)).toBeVisible();
  await keyDialog.getByRole('button', { name: 'Close' }).click();

  await item.getByRole('button', { name: 'Cancel', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Cancel ${OFFICE}` });
  await expect(dialog.getByRole('combobox', { name: 'Order number' })).toHaveValue('ORD-1005');
  await expect(dialog.getByText(/4 days left to cancel this order/)).toBeVisible();
  const submit = dialog.getByRole('button', { name: 'Submit' });
  await expect(submit).toBeDisabled();
  await dialog.getByRole('checkbox', { name: 'I have read and understood this message' }).check();
  await submit.click();

  await expect(page.getByText(`${OFFICE} on order ORD-1005 is cancelled.`)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `${OFFICE} on order ORD-1005 is cancelled.` })).toBeFocused();
  await expect(item).toContainText('Cancellation pending');
  // A revoked key never comes back, so nothing offers it: no choices, no button that can only fail.
  await expect(item.getByRole('button', { name: 'Get keys and downloads' })).toHaveCount(0);
  await expect(item.getByRole('combobox', { name: 'Version' })).toHaveCount(0);
  await expect(item).toContainText('its product key and download links are revoked');

  await page.goto(url);
  await expect(page.getByText('This link was revoked because the purchase was cancelled.')).toBeVisible();

  // 15 minutes later the dashboard shows it cancelled; the item stays listed.
  const listed = await software(page, 'wingtip', OFFICE);
  await clock(page).getByRole('button', { name: '+1 hour' }).click();
  await expect(listed.getByText('Cancelled', { exact: true })).toBeVisible();
  await expect(listed.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);

  // 100% credit on the next monthly invoice.
  await page.goto('/billing');
  const invoice = page.getByRole('table', { name: 'Invoice 2021-12' });
  await expect(invoice.getByRole('row').filter({ hasText: 'ORD-1005' })).toContainText('Wingtip Toys Pty');
});

test('a perpetual order on day 31 cannot be cancelled and the dialog links to Report a problem', async ({ page }) => {
  const item = await software(page, 'wingtip', OFFICE);
  await clock(page).getByLabel('Jump to date').fill('2021-11-20');
  await expect(clock(page)).toContainText('20 Nov 2021');

  // No Cancel whose Submit can only stay grey: the window's end and the way on, in place.
  await expect(item.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);
  await expect(item.getByText(/The 30-day window of this order has passed/)).toBeVisible();
  await item.getByRole('link', { name: 'Report a problem' }).click();

  await expect(page).toHaveURL(/\/support\/report-a-problem\?/);
  await expect(page.getByRole('heading', { level: 1, name: 'Report a problem' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Order ID or subscription ID' })).toHaveValue('ORD-1005');
  await expect(page.getByRole('textbox', { name: 'Customer tenant GUID or domain name' })).toHaveValue('wingtiptoys.onmicrosoft.com');
});

test('Contoso\'s Datacenter, past its 30 days, cannot be cancelled', async ({ page }) => {
  const item = await software(page, 'contoso', DATACENTER);
  await expect(item.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);
  await expect(item.getByText(/The 30-day window of this order has passed/)).toBeVisible();
  await expect(item.getByRole('link', { name: 'Report a problem' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Windows Server 2022 - 1 User CAL' })).toContainText('needs no product key');
});

test('ESUs link to installation instructions, Windows 7 ESU 2020 points to Report a problem, and a Sales agent is told what is missing', async ({ page }) => {
  const windows7 = await software(page, 'litware', 'Windows 7 Extended Security Updates 2020');
  await expect(windows7.getByRole('link', { name: 'Installation instructions' })).toHaveAttribute('href', /learn\.microsoft\.com/);
  await expect(windows7).toContainText('Windows 7 ESU 2020 is cancelled through a customer support request.');
  await expect(windows7.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);
  await windows7.getByRole('link', { name: 'Report a problem' }).click();
  await expect(page.getByRole('textbox', { name: 'Order ID or subscription ID' })).toHaveValue('ORD-1007');

  await signInAs(page, 'sam');
  const office = await software(page, 'wingtip', OFFICE);
  await expect(office.getByRole('button', { name: 'Get keys and downloads' })).toBeDisabled();
  await expect(office.getByRole('button', { name: 'Get keys and downloads' })).toHaveAccessibleDescription('Getting keys and downloads needs the Admin agent role.');
  await expect(office.getByRole('button', { name: 'Cancel', exact: true })).toHaveAccessibleDescription('Cancelling a purchase needs the Admin agent role.');
});

test('the activity log shows a key reveal to an allowed role and refuses Sam Sales, naming the roles', async ({ page }) => {
  const item = await software(page, 'wingtip', OFFICE);
  await item.getByRole('button', { name: 'Get keys and downloads' }).click();
  await item.getByRole('button', { name: 'Get key', exact: true }).click();
  const keyDialog = page.getByRole('dialog', { name: 'Product key' });
  await expect(keyDialog.getByText(/^[A-Za-z0-9]{32}$/)).toBeVisible();
  await keyDialog.getByRole('button', { name: 'Close' }).click();

  await signInAs(page, 'gale');
  await page.goto('/settings');
  await page.getByRole('main').getByRole('link', { name: 'Activity log', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Activity log' })).toBeVisible();
  await expect(page.getByLabel('From')).toHaveValue('2021-10-17');
  await expect(page.getByLabel('To', { exact: true })).toHaveValue('2021-11-15');
  const log = page.getByRole('table', { name: 'Activity log' });
  const reveal = log.getByRole('row').filter({ hasText: '15 Nov 2021, 10:00' }).filter({ hasText: 'Viewed the product key' });
  await expect(reveal).toHaveCount(1);
  await expect(reveal).toContainText('Avery Admin');
  await expect(reveal).toContainText('Wingtip Toys Pty');
  await expect(reveal).toContainText(OFFICE);

  // A range without it leaves it out.
  await page.getByLabel('To', { exact: true }).fill('2021-11-14');
  await expect(log.getByRole('row').filter({ hasText: '15 Nov 2021' })).toHaveCount(0);

  await signInAs(page, 'sam');
  await expect(page.getByRole('alert')).toContainText('Viewing the activity log needs one of the roles Global admin');
  await expect(log).toHaveCount(0);
  // A refusal is the answer, not a failure: asking again would be refused again.
  await expect(page.getByRole('button', { name: 'Try again' })).toHaveCount(0);
});

test('a customer\'s Global admin sees their own software with keys, and not another customer\'s by URL', async ({ page }) => {
  await page.goto('/your-products');
  await expect(page.getByText('This is the customer\'s own view')).toBeVisible();

  await signInAs(page, 'contoso-admin');
  await expect(page.getByRole('region', { name: DATACENTER })).toBeVisible();
  const item = page.getByRole('region', { name: DATACENTER });
  await item.getByRole('button', { name: 'Get keys and downloads' }).click();
  await item.getByRole('button', { name: 'Get key', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Product key' }).getByText(/^[A-Za-z0-9]{32}$/)).toBeVisible();
  await page.getByRole('dialog', { name: 'Product key' }).getByRole('button', { name: 'Close' }).click();

  await page.goto('/customers/fabrikam/software');
  await expect(page.getByText('You can only see your own organization, not fabrikam.')).toBeVisible();
  await expect(page.getByRole('region', { name: /SQL Server/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Get keys and downloads' })).toHaveCount(0);
});

test('a customer\'s Global admin has a home of their own: their products first, nothing of the partner console', async ({ page }) => {
  await page.goto('/');
  await signInAs(page, 'contoso-admin');
  const tiles = page.getByRole('navigation', { name: 'Workspaces' }).getByRole('link');
  await expect(tiles).toHaveText(['Your products', 'Closing soon', 'Billing', 'Settings']);
  await tiles.first().click();
  await expect(page).toHaveURL(/\/your-products$/);
  const item = page.getByRole('region', { name: DATACENTER });
  await item.getByRole('button', { name: 'Get keys and downloads' }).click();
  // Links are handed out by partner staff; the order page is the partner's.
  await expect(item.getByRole('button', { name: 'Download', exact: true })).toBeVisible();
  await expect(item.getByRole('button', { name: 'Copy link' })).toHaveCount(0);
  await expect(item.getByRole('link', { name: /^ORD-/ })).toHaveCount(0);
  await page.getByRole('tab', { name: 'Current view' }).click();
  await expect(page.getByRole('navigation', { name: 'Main menu' }).getByRole('link')).toHaveText(['Your products', 'Closing soon', 'Billing', 'Settings']);
});

async function fillValidRequest(page: Page, title: string) {
  await page.getByRole('textbox', { name: 'Title', exact: true }).fill(title);
  await page.getByRole('textbox', { name: 'Customer tenant GUID or domain name' }).fill('contoso.onmicrosoft.com');
  await page.getByRole('textbox', { name: 'Order ID or subscription ID' }).fill('ORD-1002');
  await page.getByRole('textbox', { name: 'Refund reason' }).fill('Bought twice by mistake.');
  await page.getByRole('textbox', { name: 'Amount requested' }).fill('120.50');
  await page.getByRole('textbox', { name: 'Contact name' }).fill('Avery Admin');
  await page.getByRole('textbox', { name: 'Email', exact: true }).fill('avery@partner.example');
  await page.getByRole('textbox', { name: 'Phone', exact: true }).fill('+49 30 1234567');
}

test('a support request with a bad email keeps the other fields and names the bad one', async ({ page }) => {
  await page.goto('/support');
  await page.getByRole('link', { name: 'Report a problem' }).click();
  await expect(page.getByRole('combobox', { name: 'Type of problem' })).toContainText('CSP Purchase/Refund on behalf of customers');
  await fillValidRequest(page, 'Refund the Datacenter order');
  const email = page.getByRole('textbox', { name: 'Email', exact: true });
  await email.fill('avery.partner');
  await page.getByLabel('Files (optional)').setInputFiles([
    { name: 'invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF') },
    { name: 'order.png', mimeType: 'image/png', buffer: Buffer.from('png') },
  ]);
  await expect(page.getByRole('list', { name: 'Attached files' })).toContainText('invoice.pdf');
  await page.getByRole('button', { name: 'Submit' }).click();

  await expect(page.getByRole('alert')).toContainText('Check these fields: Email.');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription('Email: enter an email address like name@example.com.');
  await expect(email).toBeFocused();
  await expect(email).toHaveValue('avery.partner');
  await expect(page.getByRole('textbox', { name: 'Title', exact: true })).toHaveValue('Refund the Datacenter order');
  await expect(page.getByRole('textbox', { name: 'Amount requested' })).toHaveValue('120.50');
  await expect(page.getByRole('textbox', { name: 'Phone', exact: true })).toHaveAttribute('aria-invalid', 'false');
  await expect(page.getByRole('list', { name: 'Attached files' })).toContainText('order.png');

  // Several bad fields are named at once.
  await page.getByRole('textbox', { name: 'Amount requested' }).fill('-5');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByRole('alert')).toContainText('Check these fields: Amount requested, Email.');

  // An order of another customer than the tenant named is refused at its field.
  await page.getByRole('textbox', { name: 'Amount requested' }).fill('1,000,000');
  await email.fill('avery@partner.example');
  const order = page.getByRole('textbox', { name: 'Order ID or subscription ID' });
  await order.fill('ORD-1003');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(order).toHaveAccessibleDescription("Order ID or subscription ID: this order or subscription belongs to another customer's tenant.");
  await expect(order).toBeFocused();

  // Amounts are taken as people write them; after the filing the whole form is empty again.
  await order.fill('ORD-1002');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByText(/Support request SR-\S+ was filed\./)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Amount requested' })).toHaveValue('');
  await expect(page.getByLabel('Files (optional)')).toHaveJSProperty('value', '');
  await expect(page.getByRole('list', { name: 'Attached files' }).getByRole('listitem')).toHaveCount(0);
  await page.getByRole('link', { name: 'See your support requests' }).click();
  const row = page.getByRole('table', { name: 'Your support requests' }).getByRole('row').filter({ hasText: 'Refund the Datacenter order' });
  await expect(row).toContainText('Open');
  await expect(page.getByRole('table', { name: 'Your support requests' }).getByRole('row').filter({ hasText: 'Litware' })).toContainText('Attention needed');
});

test('a support request title with <script> shows as text', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', async (dialog) => { dialogs += 1; await dialog.dismiss(); });
  const title = '<script>alert("owned")</script><b>bold</b>';
  await page.goto('/support/report-a-problem');
  await fillValidRequest(page, title);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByText(/was filed/)).toBeVisible();
  await page.goto('/support');
  await expect(page.getByRole('cell', { name: title, exact: true })).toBeVisible();
  expect(dialogs).toBe(0);
});

test('the clock moves forward only, and Reset demo data restores the seed after a confirmation', async ({ page }) => {
  await expect(clock(page)).toContainText('15 Nov 2021, 10:00');
  await clock(page).getByRole('button', { name: '+30 days' }).click();
  await expect(clock(page)).toContainText('15 Dec 2021, 10:00');
  await clock(page).getByLabel('Jump to date').fill('2021-12-01');
  await expect(clock(page).getByRole('alert')).toContainText('only moves forward');
  await expect(clock(page)).toContainText('15 Dec 2021, 10:00');

  await page.goto('/settings');
  await page.getByRole('button', { name: 'Reset demo data' }).click();
  const confirm = page.getByRole('dialog', { name: 'Reset the demo data?' });
  await confirm.getByRole('button', { name: 'Reset demo data' }).click();
  await expect(page.getByText('The demo data was restored.')).toBeVisible();
  await expect(clock(page)).toContainText('15 Nov 2021, 10:00');
});

test('the VL to CSP helper shows the MAK deadline and the days left', async ({ page }) => {
  await page.goto('/settings');
  await page.getByRole('link', { name: 'Move from volume licensing to CSP' }).click();
  await page.getByLabel('Last KMS activation date').fill('2021-10-01');
  await expect(page.getByText('Deploy the MAK by 30 Mar 2022, 00:00 UTC: 135 days left.')).toBeVisible();
  await page.getByLabel('Last KMS activation date').fill('2021-01-01');
  await expect(page.getByText(/The 180 days ended on 30 Jun 2021/)).toBeVisible();

  // The clock stands at 15 Nov 2021: an activation on the 16th has not happened yet.
  await page.getByLabel('Last KMS activation date').fill('2021-11-16');
  await expect(page.getByRole('alert')).toContainText('cannot be after today (15 Nov 2021)');
  await expect(page.getByText(/days left/)).toHaveCount(0);

  // The last date typed is still there after a reload.
  await page.getByLabel('Last KMS activation date').fill('2021-10-01');
  await page.reload();
  await expect(page.getByLabel('Last KMS activation date')).toHaveValue('2021-10-01');
  await expect(page.getByText('Deploy the MAK by 30 Mar 2022, 00:00 UTC: 135 days left.')).toBeVisible();
});

test('a customer\'s Global admin is told Report a problem is for partner users before filling anything in', async ({ page }) => {
  await page.goto('/your-products');
  await signInAs(page, 'contoso-admin');
  await page.goto('/support/report-a-problem');
  await expect(page.getByRole('heading', { level: 1, name: 'Report a problem' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('is for partner users');
  await expect(page.getByRole('textbox', { name: 'Title', exact: true })).toHaveCount(0);
});

test('a support request\'s page reads only that request, and says so of one never filed', async ({ page }, testInfo) => {
  const asked: string[] = [];
  page.on('request', (sent) => {
    const url = new URL(sent.url());
    if (url.pathname.startsWith('/v1/servicerequests')) asked.push(url.pathname);
  });
  await page.goto('/support/requests/SR-NOBODY');
  await expect(page.getByRole('heading', { level: 1, name: 'Support request SR-NOBODY' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('There is no support request SR-NOBODY.');
  if (testInfo.project.name === 'server') {
    expect(asked).toEqual(['/v1/servicerequests/SR-NOBODY']);
  }
});

test('a support request that needs attention opens on its own page, takes information, and closes', async ({ page }) => {
  await page.goto('/support');
  const requests = page.getByRole('table', { name: 'Your support requests' });
  await requests.getByRole('row').filter({ hasText: 'Litware' }).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: /^Support request SR-/ })).toBeVisible();
  await expect(page.getByText('Attention needed', { exact: true })).toBeVisible();
  await expect(page.getByText('Microsoft support needs more information from you.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'What was filed' })).toContainText('Cancel Windows 7 ESU 2020 for Litware');

  // Nothing written is refused at the field, with focus on it.
  const note = page.getByRole('textbox', { name: 'Information to add' });
  await page.getByRole('button', { name: 'Add information' }).click();
  await expect(note).toHaveAccessibleDescription('Information to add: please fill this in.');
  await expect(note).toBeFocused();

  await note.fill('The customer confirmed the <b>cancellation</b> by email.');
  await page.getByRole('button', { name: 'Add information' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The information was added.' })).toBeFocused();
  const added = page.getByRole('region', { name: 'Information added' });
  await expect(added).toContainText('The customer confirmed the <b>cancellation</b> by email.');
  await expect(added).toContainText('Avery Admin');
  // The information is what support asked for: the request is open again.
  await expect(page.getByText('Open', { exact: true })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Information added' })).toContainText('confirmed the <b>cancellation</b>');

  await page.getByRole('button', { name: 'Close this request' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The request is closed.' })).toBeFocused();
  await expect(page.getByText('Closed', { exact: true })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Information to add' })).toHaveCount(0);
  await expect(page.getByText('This request is closed. For anything more, file a new one.')).toBeVisible();
});
