import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { SEED_FILE } from './seed';

// Browser apps on other origins: pages served by the test from other loopback ports (a page
// from a non-local address may not call a loopback API at all), whose requests to the API are
// real cross-origin requests that Chromium checks. e2e/serve.sh allows the first one.
const ALLOWED_APP = 'http://127.0.0.1:5173';
const OTHER_APP = 'http://127.0.0.1:5174';
const VIEWER = '{ viewer { name } }';
const apps: Server[] = [];

test.beforeAll(async () => {
  for (const origin of [ALLOWED_APP, OTHER_APP]) {
    const app = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><title>app</title>');
    });
    const port = Number(new URL(origin).port);
    await new Promise<void>((listening) => app.listen(port, '127.0.0.1', listening));
    apps.push(app);
  }
});

test.afterAll(async () => {
  await Promise.all(apps.map((app) => new Promise((closed) => app.close(closed))));
});

function demoKey(): string {
  const match = readFileSync(SEED_FILE, 'utf8').match(/API key \(shown once\): (sl_\S+)/);
  if (match === null) throw new Error(`no API key in ${SEED_FILE}`);
  return match[1];
}

async function openApp(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/`);
}

async function callApi(
  page: Page,
  api: string,
  query: string,
  key: string | null,
): Promise<{ status: number; body: unknown; requestId: string | null } | string> {
  return page.evaluate(
    async ({ api, query, key }) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (key !== null) headers.authorization = `Bearer ${key}`;
      try {
        const response = await fetch(`${api}/graphql`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query }),
        });
        return {
          status: response.status,
          body: await response.json(),
          requestId: response.headers.get('x-request-id'),
        };
      } catch (error) {
        return String(error);
      }
    },
    { api, query, key },
  );
}

test('an app on an allowed origin calls the API with a key and anonymously', async ({
  page,
  baseURL,
}) => {
  await openApp(page, ALLOWED_APP);

  const signedIn = await callApi(page, baseURL!, VIEWER, demoKey());
  const anonymous = await callApi(page, baseURL!, '{ __typename }', null);

  expect(signedIn).toMatchObject({
    status: 200,
    body: { data: { viewer: { name: 'Demo Admin' } } },
  });
  // Exposed to the app, so that it can quote the request in a support ticket.
  expect(signedIn).toHaveProperty('requestId', expect.stringMatching(/^[0-9a-f]{32}$/));
  expect(anonymous).toMatchObject({ status: 200, body: { data: { __typename: 'Query' } } });
});

test('an app on an allowed origin reads error answers too', async ({ page, baseURL }) => {
  await openApp(page, ALLOWED_APP);

  const refused = await callApi(page, baseURL!, VIEWER, 'sl_not-a-real-key');

  expect(refused).toMatchObject({ status: 401 });
});

test('the browser refuses an app on an origin not on the list', async ({ page, baseURL }) => {
  await openApp(page, OTHER_APP);

  const refused = await callApi(page, baseURL!, '{ __typename }', null);

  expect(refused).toBe('TypeError: Failed to fetch');
});
