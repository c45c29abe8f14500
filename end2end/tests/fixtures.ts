import { test as base, expect, type Page } from '@playwright/test';

/**
 * Every test starts from the demo data. On the local backend each test is a fresh browser
 * profile already; the server is shared, so its data is reset before each test (the server
 * project runs with one worker).
 */
export const test = base.extend<{ freshDesk: void; noPolicyViolations: void; noPanics: void }>({
  freshDesk: [
    async ({ request }, use, testInfo) => {
      if (testInfo.project.name === 'server') {
        const session = await request.post('/v1/session', { data: { user: 'avery' } });
        expect(session.ok()).toBeTruthy();
        const { token } = await session.json();
        const reset = await request.post('/v1/demo/reset', { headers: { Authorization: `Bearer ${token}` } });
        expect(reset.ok()).toBeTruthy();
      }
      await use();
    },
    { auto: true },
  ],
  // csp-server answers with a Content-Security-Policy (server/src/web.rs). Whatever it blocks
  // (an inline script or style attribute, a call to another origin) is a bug even when the
  // clicks of a test still work, so any violation Chromium reports fails the test.
  noPolicyViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
      });
      await use();
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
  // A panic in the wasm ends the app for good ("unreachable"), though what was drawn stays on
  // screen: whatever a test did after it may still pass, so any error thrown fails the test.
  noPanics: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await use();
      expect(errors, 'errors thrown in the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * Signs in as `user` from the header, and waits until the app remembers them: it does once the
 * backend has signed them in, and a reload before that would sign in the previous user again.
 */
export async function signInAs(page: Page, user: string, label = 'Signed in as') {
  const chooser = page.getByRole('combobox', { name: label });
  await chooser.selectOption(user);
  await expect(chooser).toHaveValue(user);
  await expect
    .poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('csp-desk.preferences.v1') ?? '{}').user))
    .toBe(user);
}

/** Whether this test runs on the embedded local backend (it can look into localStorage). */
export const onLocalBackend = () => test.info().project.name === 'local';
