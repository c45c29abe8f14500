import AxeBuilder from '@axe-core/playwright';
import { test, expect, signInAs } from './fixtures';
import type { Locator, Page } from '@playwright/test';

// Issue 11: every page works from 360 px to 1920 px, in both views (partner staff, and a
// customer's own Global admin), and axe-core finds nothing on any page at 390 px and 1280 px.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
/** Widths at which no page may scroll sideways: the narrowest phone to a wide desktop. */
const WIDTHS = [360, PHONE.width, 768, DESKTOP.width, 1920];

test.use({ viewport: PHONE });
// A page is checked at five widths and run through axe twice; a group of pages takes a while.
test.describe.configure({ timeout: 60_000 });

/** Waits until the page has its heading and nothing on it is still loading. */
async function settled(page: Page) {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /…$/ })).toHaveCount(0);
}

/** The page fits every width without scrolling sideways, and axe finds nothing at 390 and 1280 px. */
async function expectFitsAndAccessible(page: Page, what: string) {
  await settled(page);
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: PHONE.height });
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(scrollWidth, `${what} scrolls sideways at ${width} px`).toBeLessThanOrEqual(innerWidth);
    if (width === PHONE.width || width === DESKTOP.width) {
      const { violations } = await new AxeBuilder({ page }).analyze();
      const found = violations.map((violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
      expect(found, `axe on ${what} at ${width} px`).toEqual([]);
    }
  }
  await page.setViewportSize(PHONE);
}

/** The header's controls sit behind "Menu" on a phone. */
async function openHeaderMenu(page: Page) {
  const menu = page.getByRole('banner').getByText('Menu', { exact: true });
  await menu.click();
  await expect(page.getByRole('combobox', { name: 'Signed in as' })).toBeVisible();
}

async function signInOnPhone(page: Page, user: string) {
  await openHeaderMenu(page);
  await signInAs(page, user);
  await page.getByRole('banner').getByText('Menu', { exact: true }).click();
}

async function expectWithinPhoneWidth(target: Locator, what: string) {
  await expect(target, what).toBeVisible();
  const box = (await target.boundingBox())!;
  expect(box.x, `${what} starts on screen`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what} ends on screen`).toBeLessThanOrEqual(PHONE.width);
}

/** Opens the first link of a table, such as a subscription or an order, and waits for its page. */
async function openFirstOf(page: Page, tab: string, table: string) {
  await page.goto(tab);
  await page.getByRole('table', { name: table }).getByRole('link').first().click();
  await settled(page);
}

/** A download link for the customer's first software item, as "Copy link" gives it. */
async function downloadLink(page: Page, customer: string): Promise<string> {
  await page.goto(`/customers/${customer}/software`);
  const button = page.getByRole('button', { name: 'Get keys and downloads' }).first();
  await button.click();
  await page.getByRole('button', { name: 'Copy link' }).first().click();
  const field = page.getByRole('textbox', { name: 'Download link' }).first();
  await expect(field).toHaveValue(/\/download\/[A-Za-z0-9_-]{20,}$/);
  await expectFitsAndAccessible(page, 'the Software tab with keys, downloads and a link');
  return new URL(await field.inputValue()).pathname;
}

// Both views: Avery (Admin agent) buys for Wingtip; Casey, Contoso's Global admin, for Contoso.
for (const [view, user, buyer] of [
  ['partner staff', 'avery', 'wingtip'],
  ['a customer\'s Global admin', 'contoso-admin', 'contoso'],
] as const) {
  test.describe(`for ${view}`, () => {
    test.beforeEach(async ({ page }) => {
      await page.goto('/');
      if (user !== 'avery') await signInOnPhone(page, user);
    });

    for (const paths of [
      ['/', '/customers', '/closing-soon?within=90d', '/billing', '/settings', '/settings/activity-log'],
      ['/support', '/support/report-a-problem', '/your-products', '/vl-to-csp', '/no/such/page'],
    ]) {
      test(`${paths.join(', ')} fit every width and pass axe`, async ({ page }) => {
        for (const path of paths) {
          await page.goto(path);
          await expectFitsAndAccessible(page, path);
        }
      });
    }

    test('a support request\'s own page fits every width and passes axe', async ({ page }) => {
      test.skip(user !== 'avery', 'support requests are for partner users');
      await openFirstOf(page, '/support', 'Your support requests');
      await expect(page.getByRole('region', { name: 'What was filed' })).toBeVisible();
      await expectFitsAndAccessible(page, 'a support request');
    });

    test('a customer\'s tabs fit every width and pass axe', async ({ page }) => {
      for (const tab of ['subscriptions', 'software', 'orders']) {
        await page.goto(`/customers/contoso/${tab}`);
        await expectFitsAndAccessible(page, `the ${tab} tab`);
      }
    });

    test('a subscription and an order fit every width and pass axe', async ({ page }) => {
      await openFirstOf(page, '/customers/contoso/subscriptions', 'Subscriptions');
      await expectFitsAndAccessible(page, 'a subscription');
      if (user === 'avery') {
        await page.getByRole('button', { name: 'Cancel subscription' }).click();
        await expect(page.getByRole('dialog', { name: 'Cancel subscription' })).toBeVisible();
        await expectFitsAndAccessible(page, 'the cancel dialog');
        await page.keyboard.press('Escape');
      }
      await openFirstOf(page, '/customers/contoso/orders', 'Order history');
      await expect(page.getByRole('table', { name: 'Line items' })).toBeVisible();
      await expectFitsAndAccessible(page, 'an order');
    });

    test('on a phone the buy flow shows product, amounts and Submit order together, and fits every width', async ({ page }) => {
      await page.goto(`/customers/${buyer}/add-products`);
      await expectFitsAndAccessible(page, 'add products');
      const product = 'Windows Server 2022 Standard - 16 Core License Pack';
      const add = page.getByRole('button', { name: `Add ${product}, 1 year to order` });
      await expectWithinPhoneWidth(add, '"Add to order"');
      await add.click();
      await page.getByRole('button', { name: 'Review' }).click();

      const review = page.getByRole('table', { name: '2. Review and submit' });
      await expectWithinPhoneWidth(review.getByRole('rowheader', { name: product }), 'the product');
      await expectWithinPhoneWidth(review.getByRole('row', { name: /Billed now/ }).getByRole('cell'), 'the billed-now amount');
      await expectWithinPhoneWidth(review.getByRole('row', { name: /Order total/ }).getByRole('cell'), 'the order total');
      await expectWithinPhoneWidth(page.getByRole('button', { name: 'Submit order' }), '"Submit order"');
      await expectFitsAndAccessible(page, 'the Review step');
    });
  });
}

test('a download link page fits every width and passes axe, for partner staff and the customer', async ({ page }) => {
  await page.goto('/');
  const link = await downloadLink(page, 'contoso');
  await page.goto(link);
  await expect(page.getByText('50 of 50 downloads left')).toBeVisible();
  await expectFitsAndAccessible(page, 'a download link');
  await signInOnPhone(page, 'contoso-admin');
  await page.goto(link);
  await expectFitsAndAccessible(page, 'a download link, for the customer');
});

test('on a phone the header folds into a menu that works from the keyboard', async ({ page }) => {
  await page.goto('/customers');
  const header = page.getByRole('banner');
  const chooser = page.getByRole('combobox', { name: 'Signed in as' });
  await expect(chooser).toBeHidden();
  await expect(page.getByRole('tab', { name: 'Current view' })).toBeHidden();
  expect((await header.boundingBox())!.height).toBeLessThan(64);

  await header.getByText('Menu', { exact: true }).focus();
  await page.keyboard.press('Enter');
  await expectWithinPhoneWidth(chooser, 'the "Signed in as" select');
  await expectWithinPhoneWidth(page.getByRole('tab', { name: 'Current view' }), 'the Current view tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('tab', { name: 'Workspaces view' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Current view' })).toHaveAttribute('aria-selected', 'true');

  await header.getByText('Menu', { exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(chooser).toBeHidden();
});

test('at 1280 px the header is one row, with every control shown', async ({ page }) => {
  await page.setViewportSize(DESKTOP);
  await page.goto('/customers');
  const header = page.getByRole('banner');
  await expect(header.getByText('Menu', { exact: true })).toBeHidden();
  const brand = (await header.getByRole('link', { name: 'csp-desk' }).boundingBox())!;
  for (const [what, control] of [
    ['the Workspaces view tab', page.getByRole('tab', { name: 'Workspaces view' })],
    ['the clock', page.getByRole('group', { name: 'Simulation clock' })],
    ['the "Signed in as" select', page.getByRole('combobox', { name: 'Signed in as' })],
  ] as const) {
    await expect(control, what).toBeVisible();
    const box = (await control.boundingBox())!;
    // On the brand's row: it starts above the brand's bottom and ends below its top.
    expect(box.y, `${what} is on the header's one row`).toBeLessThan(brand.y + brand.height);
    expect(box.y + box.height, `${what} is on the header's one row`).toBeGreaterThan(brand.y);
    expect(box.x + box.width, `${what} ends on screen`).toBeLessThanOrEqual(DESKTOP.width);
  }
});

test('on a phone the Current view\'s menu is folded, opens from the keyboard, and folds again once a page is chosen', async ({ page }) => {
  await page.goto('/customers');
  await openHeaderMenu(page);
  await page.getByRole('tab', { name: 'Current view' }).click();
  await page.getByRole('banner').getByText('Menu', { exact: true }).click();

  const menu = page.getByRole('navigation', { name: 'Main menu' });
  const billing = menu.getByRole('link', { name: 'Billing', exact: true });
  await expect(billing).toBeHidden();
  // The page starts right below the folded menu, not 210 px further down.
  const heading = page.getByRole('heading', { level: 1, name: 'Customers' });
  expect((await heading.boundingBox())!.y).toBeLessThan(160);

  await menu.getByText('Main menu', { exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(billing).toBeVisible();
  await billing.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Billing' })).toBeVisible();
  await expect(billing).toBeHidden();
  await expectFitsAndAccessible(page, 'Billing in Current view');
});

test('on a phone the Report a problem fields stay within the screen', async ({ page }) => {
  await page.goto('/support/report-a-problem');
  await settled(page);
  for (const field of [
    page.getByRole('textbox', { name: 'Title', exact: true }),
    page.getByRole('textbox', { name: 'Customer tenant GUID or domain name' }),
    page.getByRole('textbox', { name: 'Email', exact: true }),
  ]) {
    await expectWithinPhoneWidth(field, `the field ${await field.getAttribute('id')}`);
  }
  for (const select of await page.getByRole('combobox').all()) {
    if (await select.isVisible()) await expectWithinPhoneWidth(select, `the select ${await select.getAttribute('id')}`);
  }
});
