import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';

const de: Record<string, string> =
  JSON.parse(readFileSync(new URL('../../locales/de.json', import.meta.url), 'utf8'));

// Runs only in the `real` project: csp-server without --demo, on a database where the first
// Global admin was made with `csp-server user add` (see playwright.config.ts). Nothing here
// can reset that server, so the tests run in order and build on each other.
test.describe.configure({ mode: 'serial' });

const admin = { email: 'grace@contoso.example', password: 'first admin password 1' };
const agent = { name: 'Bo Agent', email: 'bo@contoso.example', password: 'agent password 123' };
const customer = {
  name: 'Fabrikam Deutschland GmbH',
  domain: 'fabrikamde.onmicrosoft.com',
  tenant: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
};

/** What axe finds on the page, and whether it scrolls sideways on a phone. */
async function problemsOn(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.map((violation) =>
    `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  await page.setViewportSize({ width: 390, height: 844 });
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  if (scrollWidth > innerWidth) found.push(`scrolls sideways at 390 px (${scrollWidth} px wide)`);
  await page.setViewportSize({ width: 1280, height: 800 });
  return found;
}

async function signIn(page: Page, who: { email: string; password: string }) {
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to csp-desk' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Email' }).fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** 50 customers as a CSV file; `bad` rows get a tenant ID that is not a GUID. */
function customersCsv(bad: number[] = []): string {
  const rows = ['name,defaultDomain,tenantId,market,currency'];
  for (let n = 1; n <= 50; n++) {
    const tenant = bad.includes(n) ? 'not-a-guid' : `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    rows.push(`"Imported ${n}, Ltd",imported${n}.onmicrosoft.com,${tenant},NL,EUR`);
  }
  return rows.join('\r\n') + '\r\n';
}

test('a wrong password is refused, and the page asked for opens once the Global admin signs in', async ({ page }) => {
  await page.goto('/customers');
  await signIn(page, { email: admin.email, password: 'not the password' });
  await expect(page.getByRole('alert')).toHaveText('The email or password is wrong.');
  await expect(page.getByRole('button', { name: /Sign in|\+1 hour/ })).toHaveCount(1);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await expect(page).toHaveURL(/\/customers$/);
  // A real server's clock is the system's: no simulation clock, no demo reset.
  await expect(page.getByRole('button', { name: '+1 hour' })).toHaveCount(0);
  await page.goto('/settings');
  await expect(page.getByRole('button', { name: 'Reset demo data' })).toHaveCount(0);
});

test('the sign-in page speaks the chosen language, and axe finds nothing on it', async ({ page }) => {
  await page.goto('/?lang=de');
  await expect(page.getByRole('heading', { level: 1, name: de['accounts.sign_in_heading'] })).toBeVisible();
  await expect(page.getByRole('button', { name: de['accounts.sign_in'] })).toBeVisible();
  expect(await problemsOn(page)).toEqual([]);
});

test('the Global admin adds an Admin agent and a customer, imports customers all or nothing, and signs out', async ({ page }) => {
  await page.goto('/settings');
  await signIn(page, admin);
  await page.getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Name' }).fill(agent.name);
  await page.getByRole('textbox', { name: 'Email' }).fill(agent.email);
  await page.getByLabel('Password').fill('too short');
  const roles = page.getByRole('group', { name: 'Roles', exact: true });
  await roles.getByRole('checkbox', { name: 'Admin agent' }).check();
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('alert')).toContainText('Password: use at least 12 characters.');
  await page.getByLabel('Password').fill(agent.password);
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('status')).toHaveText(`${agent.name} was added and can sign in now.`);
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users.getByRole('row', { name: new RegExp(agent.name) })).toContainText('Admin agent');
  const record = page.getByRole('table', { name: 'Sign-ins and user changes' });
  await expect(record.getByRole('row', { name: /User added/ }).first()).toContainText(agent.email);
  await expect(record.getByRole('row', { name: /Signed in/ }).first()).toContainText(admin.email);
  await expect(record.getByRole('row', { name: /Sign-in failed/ }).first()).toContainText(admin.email);
  expect(await problemsOn(page)).toEqual([]);

  await page.goto('/customers');
  await page.getByRole('link', { name: 'Add customer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add customer' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Company name' }).fill(customer.name);
  await page.getByRole('textbox', { name: 'Default domain' }).fill(customer.domain);
  await page.getByRole('textbox', { name: 'Tenant ID' }).fill('not-a-guid');
  await page.getByRole('textbox', { name: 'Country/region' }).fill('DE');
  await page.getByRole('textbox', { name: 'Currency' }).fill('EUR');
  await page.getByRole('button', { name: 'Add customer' }).click();
  await expect(page.getByRole('alert')).toContainText('Tenant ID: enter a GUID');
  await expect(page.getByRole('textbox', { name: 'Tenant ID' })).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('textbox', { name: 'Tenant ID' }).fill(customer.tenant.toUpperCase());
  await page.getByRole('button', { name: 'Add customer' }).click();
  await expect(page.getByRole('status')).toContainText(`${customer.name} was added.`);
  expect(await problemsOn(page)).toEqual([]);

  const file = page.getByLabel('CSV file');
  await file.setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(customersCsv([27])) });
  await page.getByRole('button', { name: 'Import' }).click();
  const rejected = page.getByRole('alert');
  await expect(rejected).toContainText('Nothing was imported.');
  // The header is row 1, so customer 27 is on row 28.
  await expect(rejected.getByRole('listitem')).toHaveText(['Row 28: Tenant ID: enter a GUID like 3f2b8c1e-6a4d-4f0e-9b7a-1c2d3e4f5a01.']);
  await page.goto('/customers?q=Imported');
  await expect(page.getByRole('status')).toContainText('0');
  await page.goto('/customers/new');
  await page.getByLabel('CSV file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(customersCsv()) });
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status')).toHaveText('50 customers were imported.');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to csp-desk' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to csp-desk' })).toBeVisible();
});

test('the new Admin agent signs in, buys for the new customer, and cannot open Settings → Users', async ({ page }) => {
  await page.goto(`/customers/${customer.tenant}`);
  await signIn(page, agent);
  await expect(page.getByRole('heading', { level: 1, name: customer.name })).toBeVisible();
  await page.getByRole('link', { name: 'Add products' }).click();
  const product = 'Windows Server 2022 Standard - 16 Core License Pack';
  await page.getByRole('button', { name: `Add ${product}, 1 year to order` }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Submit order' }).click();
  await expect(page.getByRole('heading', { name: /Order ORD-\w+ was placed\./ })).toBeVisible();
  await expect(page.getByText('Order status: Completed')).toBeVisible();

  // Reloading keeps the session.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in to csp-desk' })).toHaveCount(0);

  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await page.goto('/settings/users');
  await expect(page.getByRole('alert').first()).toContainText('Managing users needs the Global admin role');
  await expect(page.getByRole('table', { name: 'Users' })).toHaveCount(0);
});

test('the Global admin changes the agent\'s roles and disables them, and the agent\'s open page returns to sign-in', async ({ page, browser }) => {
  const agentContext = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const agentPage = await agentContext.newPage();
  await agentPage.goto('/customers');
  await signIn(agentPage, agent);
  await expect(agentPage.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();

  await page.goto('/settings/users');
  await signIn(page, admin);
  const row = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: new RegExp(agent.name) });
  await row.getByText(`Change the roles of ${agent.name}`).click();
  await row.getByRole('checkbox', { name: 'Sales agent' }).check();
  await row.getByRole('button', { name: `Save the roles of ${agent.name}` }).click();
  await expect(page.getByRole('status')).toHaveText(`The roles of ${agent.name} were saved.`);
  await expect(row).toContainText('Admin agent, Sales agent');

  // The last Global admin cannot disable themself; the page says why.
  await page.getByRole('button', { name: 'Disable Grace Admin' }).click();
  await expect(page.getByRole('alert')).toHaveText('This is the last active Global admin: give another user the role first.');

  await row.getByRole('button', { name: `Disable ${agent.name}` }).click();
  await expect(page.getByRole('status')).toHaveText(`${agent.name} is disabled; their sessions have ended.`);
  await expect(row).toContainText('Disabled');
  await expect(row.getByRole('button', { name: `Enable ${agent.name}` })).toBeVisible();

  // The agent's next request finds the session ended: the sign-in page, at the same URL.
  await agentPage.getByRole('searchbox', { name: 'Search customers' }).fill('Fabrikam');
  await expect(agentPage.getByRole('heading', { level: 1, name: 'Sign in to csp-desk' })).toBeVisible();
  await expect(agentPage).toHaveURL(/\/customers/);
  await signIn(agentPage, agent);
  await expect(agentPage.getByRole('alert')).toHaveText('The email or password is wrong.');
  await agentContext.close();
});
