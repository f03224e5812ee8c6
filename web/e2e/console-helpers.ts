import { expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { demoKey } from './helpers';

/** Signs in to the console as the demo admin (or with `key`) and waits for My links. */
export async function signIn(page: Page, key = demoKey()): Promise<void> {
  await page.goto('/app');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'My links' })).toBeVisible();
  // The links have arrived: no request of this page is still on its way.
  await expect(page.getByText('Loading…')).toHaveCount(0);
}

/** A browser context whose pages may read and write the clipboard. */
export async function clipboardContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, permissions: ['clipboard-read', 'clipboard-write'] });
}

export async function clipboardOf(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

/** Runs `query` as the demo admin with its API key. */
export async function asAdmin<Data>(
  request: APIRequestContext,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Data> {
  const response = await request.post('/graphql', {
    headers: { authorization: `Bearer ${demoKey()}` },
    data: { query, variables },
  });
  const body = await response.json();
  expect(body.errors).toBeUndefined();
  return body.data as Data;
}

/** A new member of the demo organization and an API key of theirs. */
export async function newMember(request: APIRequestContext, name: string): Promise<string> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}@demo.example`;
  const made = await asAdmin<{ createUser: { user: { id: string } } }>(
    request,
    `mutation($email: String!, $name: String!) { createUser(input: {email: $email, name: $name}) {
      ... on UserCreated { user { id } } } }`,
    { email, name },
  );
  const key = await asAdmin<{ createApiKey: { key: string } }>(
    request,
    `mutation($user: ID!) { createApiKey(input: {label: "console", userId: $user}) {
      ... on ApiKeyCreated { key } } }`,
    { user: made.createUser.user.id },
  );
  return key.createApiKey.key;
}
