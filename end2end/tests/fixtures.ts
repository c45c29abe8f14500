import { test as base, expect } from '@playwright/test';

/**
 * Every test starts from the demo data. On the local backend each test is a fresh browser
 * profile already; the server is shared, so its data is reset before each test (the server
 * project runs with one worker).
 */
export const test = base.extend<{ freshDesk: void }>({
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
});

export { expect };

/** Whether this test runs on the embedded local backend (it can look into localStorage). */
export const onLocalBackend = () => test.info().project.name === 'local';
