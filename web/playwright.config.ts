import { defineConfig } from '@playwright/test';
import { CALDAV_PORT as caldavPort, PORT as port, TRUSTED_PORT as trustedPort } from './e2e/ports';

// A real Slotlink server on its own SQLite file, driven in Debian's Chromium (never a
// downloaded browser).
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 30_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // The invitee's zone, for the tests that read times off the page.
    timezoneId: 'UTC',
    launchOptions: {
      executablePath: chromium,
      // Chromium's own background traffic is refused by a closed network, loudly.
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: [
    {
      command: `sh e2e/serve.sh ${port}`,
      url: `http://127.0.0.1:${port}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // Runs only trusted documents: trusted.spec.ts.
      command: `sh e2e/serve.sh ${trustedPort} trusted`,
      url: `http://127.0.0.1:${trustedPort}/readyz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // A real CalDAV server for the calendar screen (console-calendar.spec.ts).
      command: `sh e2e/caldav.sh ${caldavPort}`,
      url: `http://127.0.0.1:${caldavPort}/.web/`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
