import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { asAdmin, clipboardContext, clipboardOf, newMember, signIn } from './console-helpers';
import { barriers, mint } from './helpers';

// The dispatcher polls every second; a first attempt shows well within this.
const DISPATCHED = { timeout: 10_000 };
// Nothing listens on the discard port: every attempt fails, and is retried later.
const UNREACHABLE = 'http://127.0.0.1:9/hook';

// A receiver in the test process that answers every delivery with 204.
let receiver: Server;
let receiverUrl: string;
const received: IncomingHttpHeaders[] = [];

test.beforeAll(async () => {
  receiver = createServer((request, response) => {
    received.push(request.headers);
    request.resume();
    request.on('end', () => response.writeHead(204).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

test.afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

const CREATE = `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) {
  __typename ... on WebhookEndpointCreated { secret endpoint { id } } } }`;

/** An organization-wide endpoint hearing single-use links being made; its secret. */
async function endpointThroughApi(request: APIRequestContext, url: string, description: string): Promise<string> {
  const made = await asAdmin<{ createWebhookEndpoint: { __typename: string; secret: string } }>(request, CREATE, {
    input: { url, description, events: ['SINGLE_USE_LINK_CREATED'] },
  });
  expect(made.createWebhookEndpoint.__typename).toBe('WebhookEndpointCreated');
  return made.createWebhookEndpoint.secret;
}

async function openWebhooks(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { name: 'Webhooks', level: 1 })).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);
}

test('a bad URL is refused by the URL field; a good one shows its secret once and is listed', async ({ page }) => {
  const description = `CRM sync ${Date.now()}`;
  await signIn(page);
  await openWebhooks(page);
  await page.getByRole('button', { name: 'Add endpoint' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a webhook endpoint' });
  const url = dialog.getByRole('textbox', { name: /^URL/ });
  await url.fill('ftp://example.com/hook');
  await dialog.getByLabel('Description').fill(description);
  await dialog.getByRole('checkbox', { name: /Single-use link made/ }).check();
  await dialog.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(url).toHaveAccessibleDescription('The URL must be an http:// or https:// URL.');
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  expect(await barriers(page)).toEqual([]);

  await url.fill(UNREACHABLE);
  await dialog.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(dialog).toBeHidden();
  const secretBox = page.getByRole('region', { name: 'Signing secret of the new endpoint' });
  await expect(secretBox).toContainText('it will not be shown again');
  await expect(secretBox.getByLabel('Signing secret')).toHaveValue(/^whsec_[A-Za-z0-9+/=]{40,}$/);
  await expect(secretBox.getByRole('button', { name: 'Copy secret' })).toBeVisible();
  const row = page.getByTestId('endpoint-row').filter({ hasText: description });
  await expect(row).toContainText(UNREACHABLE);
  await expect(row).toContainText('Single-use link made');
  await expect(row).toContainText('Active');
  await expect(row).toContainText('Whole organization');
  expect(await barriers(page)).toEqual([]);

  await secretBox.getByRole('button', { name: 'I have saved it' }).click();
  await expect(secretBox).toBeHidden();
  await page.reload();
  await expect(row).toBeVisible();
  await expect(page.getByLabel('Signing secret')).toHaveCount(0);
});

test('a minted single-use link is delivered, its payload readable; redelivering sends it again', async ({ page, request }) => {
  const description = `Receiver ${Date.now()}`;
  await endpointThroughApi(request, receiverUrl, description);
  const before = received.length;
  await mint(request);
  await signIn(page);
  await openWebhooks(page);
  const row = page.getByTestId('endpoint-row').filter({ hasText: description });
  await row.getByRole('button', { name: /^Deliveries/ }).click();
  await expect(page.getByRole('heading', { name: `Deliveries to ${receiverUrl}` })).toBeFocused();
  const deliveries = page.getByTestId('delivery-row');
  await expect(deliveries).toHaveCount(1, DISPATCHED);
  await expect(deliveries.first()).toContainText('Succeeded', DISPATCHED);
  await expect(deliveries.first()).toContainText('HTTP 204');
  expect(received.length).toBe(before + 1);
  const messageId = received[received.length - 1]['webhook-id'];
  expect(messageId).toMatch(/^evt_\d+$/);

  await deliveries.first().getByText('Show').click();
  await expect(deliveries.first().locator('pre')).toContainText('"type": "single_use_link.created"');
  expect(await barriers(page)).toEqual([]);

  await deliveries.first().getByRole('button', { name: /^Redeliver/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Redelivery scheduled' })).toContainText(String(messageId));
  await expect(deliveries).toHaveCount(2);
  await expect(deliveries.filter({ hasText: 'Succeeded' })).toHaveCount(2, DISPATCHED);
  expect(received.slice(before).map((headers) => headers['webhook-id'])).toEqual([messageId, messageId]);
});

test('an unreachable receiver: the attempt fails, is shown with its error, and waits to be retried', async ({ page, request }) => {
  const description = `Unreachable ${Date.now()}`;
  await endpointThroughApi(request, UNREACHABLE, description);
  await mint(request);
  await signIn(page);
  await openWebhooks(page);
  const row = page.getByTestId('endpoint-row').filter({ hasText: description });
  await row.getByRole('button', { name: /^Deliveries/ }).click();
  const delivery = page.getByTestId('delivery-row').first();
  await expect(delivery).toContainText('no HTTP answer within', DISPATCHED);
  await expect(delivery).toContainText('Pending');
  await expect(delivery).toContainText('next try');
  await expect(delivery.getByRole('button', { name: /^Redeliver/ })).toHaveCount(0);

  await page.getByLabel('Status').selectOption('SUCCEEDED');
  await expect(page.getByText('No succeeded deliveries')).toBeVisible();
  await page.getByLabel('Status').selectOption('PENDING');
  await expect(page.getByTestId('delivery-row')).toHaveCount(1);
  await page.reload();
  await expect(row.getByRole('cell').nth(4)).toHaveText(/^[1-9]\d*$/);
});

test('rotating shows a new secret once and keeps the previous one signing for 24 hours; disable and enable change its status', async ({ browser, baseURL, request }) => {
  const description = `Rotated ${Date.now()}`;
  const first = await endpointThroughApi(request, UNREACHABLE, description);
  const context = await clipboardContext(browser, baseURL!);
  const page = await context.newPage();
  await signIn(page);
  await openWebhooks(page);
  const row = page.getByTestId('endpoint-row').filter({ hasText: description });
  await row.getByRole('button', { name: /^Rotate secret/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
  await expect(dialog).toContainText('24 hours');
  await dialog.getByRole('button', { name: 'Rotate secret' }).click();
  const secretBox = page.getByRole('region', { name: 'New signing secret' });
  await expect(secretBox).toContainText('it will not be shown again');
  await expect(secretBox).toContainText('For 24 hours');
  await expect(secretBox).toContainText('signed with the previous secret too');
  const second = await secretBox.getByLabel('Signing secret').inputValue();
  expect(second).toMatch(/^whsec_/);
  expect(second).not.toBe(first);
  await secretBox.getByRole('button', { name: 'Copy secret' }).click();
  await expect(secretBox.getByRole('status')).toHaveText('Copied to the clipboard.');
  expect(await clipboardOf(page)).toBe(second);
  await expect(row).toContainText('Previous secret also signs until');
  expect(await barriers(page)).toEqual([]);

  await row.getByRole('button', { name: /^Disable/ }).click();
  await expect(row.getByText('Disabled', { exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'is disabled' })).toBeVisible();
  await row.getByRole('button', { name: /^Enable/ }).click();
  await expect(row.getByText('Active', { exact: true })).toBeVisible();
  await context.close();
});

test('a member sees only their own endpoints, and at first what webhooks are for', async ({ browser, baseURL, request }) => {
  await endpointThroughApi(request, UNREACHABLE, `Admin's ${Date.now()}`);
  const key = await newMember(request, 'Wendy Webhooks');
  const member = await browser.newContext({ baseURL });
  const memberPage = await member.newPage();
  await signIn(memberPage, key);
  await openWebhooks(memberPage);
  await expect(memberPage.getByRole('heading', { name: 'No webhook endpoints yet' })).toBeVisible();
  await expect(memberPage.getByText('signed POST to a URL of yours')).toBeVisible();
  await expect(memberPage.getByTestId('endpoint-row')).toHaveCount(0);
  expect(await barriers(memberPage)).toEqual([]);

  await memberPage.getByRole('button', { name: 'Add endpoint' }).click();
  const dialog = memberPage.getByRole('dialog', { name: 'Add a webhook endpoint' });
  await expect(dialog).toContainText('It will hear the links you own.');
  await dialog.getByRole('textbox', { name: /^URL/ }).fill(UNREACHABLE);
  await dialog.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(dialog.getByText('Events must name at least one event.')).toBeVisible();
  await dialog.getByRole('checkbox', { name: /Meeting booked/ }).check();
  await dialog.getByRole('button', { name: 'Add endpoint' }).click();
  await expect(memberPage.getByTestId('endpoint-row')).toHaveCount(1);
  await expect(memberPage.getByTestId('endpoint-row')).toContainText('Your links');
  await member.close();
});
