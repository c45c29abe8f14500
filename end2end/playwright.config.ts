import { defineConfig } from '@playwright/test';

// The same tests run twice: on the embedded local backend (the release build on static
// hosting) and on csp-server (the same build served by the server, data in SQLite).
const localPort = Number(process.env.E2E_PORT ?? 4173);
const serverPort = Number(process.env.E2E_SERVER_PORT ?? 4175);
const server = process.env.CSP_SERVER ?? '../target/server/csp-server';

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  // One retry in CI: a test that passes only on retry is still reported as flaky.
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    timezoneId: 'UTC',
    locale: 'en-GB',
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download cannot reach its host here.
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
        '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'local', use: { baseURL: `http://127.0.0.1:${localPort}` } },
    { name: 'server', use: { baseURL: `http://127.0.0.1:${serverPort}` } },
  ],
  webServer: [
    {
      command: `node serve.mjs ../dist ${localPort}`,
      url: `http://127.0.0.1:${localPort}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
    {
      command: `${server} --demo --listen 127.0.0.1:${serverPort} --db :memory: --static ../dist`,
      url: `http://127.0.0.1:${serverPort}/v1/session/users`,
      env: { RUST_LOG: 'warn' },
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
  ],
});
