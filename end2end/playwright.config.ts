import { defineConfig } from '@playwright/test';

// The same tests run twice: on the embedded local backend (the release build on static
// hosting) and on csp-server (the same build served by the server, data in SQLite).
const localPort = Number(process.env.E2E_PORT ?? 4173);
const serverPort = Number(process.env.E2E_SERVER_PORT ?? 4175);
const realPort = Number(process.env.E2E_REAL_PORT ?? 4177);
const server = process.env.CSP_SERVER ?? '../target/server/csp-server';
const dist = '../dist';
// A real server (no --demo) starts from an empty database and its first Global admin, made
// the way the README tells a team to: `csp-server user add`, the password on standard input.
const realDb = '../target/e2e-real.sqlite3';
const firstAdmin = `printf '%s\\n' 'first admin password 1' | ${server} user add --db ${realDb} --email grace@contoso.example --name 'Grace Admin' --roles global_admin`;

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
    { name: 'local', testIgnore: /real\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${localPort}` } },
    { name: 'server', testIgnore: /real\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${serverPort}` } },
    { name: 'real', testMatch: /real\.spec\.ts/, use: { baseURL: `http://127.0.0.1:${realPort}` } },
  ],
  webServer: [
    {
      command: `node serve.mjs ${dist} ${localPort}`,
      url: `http://127.0.0.1:${localPort}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
    {
      command: `${server} --demo --listen 127.0.0.1:${serverPort} --db :memory: --static ${dist}`,
      url: `http://127.0.0.1:${serverPort}/v1/session/users`,
      env: { RUST_LOG: 'warn' },
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
    {
      command: `rm -f ${realDb} ${realDb}-wal ${realDb}-shm && ${firstAdmin} && ${server} --listen 127.0.0.1:${realPort} --db ${realDb} --static ${dist}`,
      url: `http://127.0.0.1:${realPort}/v1/server`,
      env: { RUST_LOG: 'warn' },
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
