import { readFile } from 'node:fs/promises';
import { expect, type APIRequestContext, type Page, test } from '@playwright/test';
import { asAdmin, signIn } from './console-helpers';
import { barriers, bookDirectly, firstSlotStart, mint } from './helpers';

type Figures = { label: string; minted: number; used: number };

/** A single-use link booked once, then presented again by `email`: a blocked follow-up. */
async function bookedThenRefused(request: APIRequestContext, clock: string, email: string): Promise<void> {
  const token = await mint(request);
  const start = await firstSlotStart(request, clock);
  await bookDirectly(request, token, start);
  const again = await request.post('/graphql', {
    data: {
      query: `mutation($key: String!, $start: DateTime!, $email: String!) { bookMeeting(input: {key: $key,
        start: $start, invitee: {name: "Second Try", email: $email}}) { __typename } }`,
      variables: { key: token, start, email },
    },
  });
  expect((await again.json()).data.bookMeeting.__typename).not.toBe('BookingConfirmed');
}

/** The single-use report as the API gives it for the screen's default range (the browser's
 * zone is UTC in these tests). */
async function reportedByOwner(request: APIRequestContext): Promise<Figures[]> {
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const range = { from: new Date(today - 55 * 86_400_000).toISOString(), to: new Date(today + 86_400_000).toISOString() };
  const data = await asAdmin<{ reports: { singleUseLinks: { rows: Figures[] } } }>(
    request,
    `query($range: ReportRange!) { reports { ... on Reports { singleUseLinks(range: $range, groupBy: OWNER) {
      ... on SingleUseLinkReport { rows { label minted used } } } } } }`,
    { range },
  );
  return data.reports.singleUseLinks.rows;
}

async function openScreen(page: Page, name: string): Promise<void> {
  await signIn(page);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible();
}

test('reports show the API figures by week and by owner, with a chart and a CSV', async ({ page, request }) => {
  await mint(request);
  await bookedThenRefused(request, '13:00', `reports.${Date.now()}@prospect.example`);
  const owners = await reportedByOwner(request);
  const admin = owners.find((row) => row.label === 'Demo Admin')!;
  expect(admin.used).toBeGreaterThanOrEqual(1);
  expect(admin.minted).toBeGreaterThan(admin.used);
  const minted = owners.reduce((sum, row) => sum + row.minted, 0);
  const used = owners.reduce((sum, row) => sum + row.used, 0);

  await openScreen(page, 'Reports');
  const table = page.getByRole('table', { name: 'Single-use links' });
  await expect(table.getByRole('columnheader').first()).toHaveText('Week');
  const weeks = await table.getByTestId('single-use-row').count();
  const totals = table.getByRole('row', { name: /^Total/ }).getByRole('cell');
  await expect(totals.nth(0)).toHaveText(String(minted));
  await expect(totals.nth(1)).toHaveText(String(used));
  await expect(page.getByRole('img', { name: new RegExp(`^Single-use links by week: ${minted} minted across ${weeks} weeks`) })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Conversion rate by week: \d+% overall/ })).toBeVisible();
  expect(await barriers(page)).toEqual([]);

  await page.getByLabel('Group').selectOption({ label: 'By owner' });
  await expect(table.getByRole('columnheader').first()).toHaveText('Owner');
  const owner = table.getByRole('row', { name: /^Demo Admin/ }).getByRole('cell');
  await expect(owner.nth(0)).toHaveText(String(admin.minted));
  await expect(owner.nth(1)).toHaveText(String(admin.used));
  await expect(page.getByRole('img', { name: /^Single-use links by owner: / })).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download CSV' }).click();
  const csv = await readFile(await (await download).path(), 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^key,label,minted,/);
  expect(lines.find((line) => line.includes(',Demo Admin,'))).toContain(`,Demo Admin,${admin.minted},`);
});

test('a range that ends before it starts is refused next to its field', async ({ page }) => {
  await openScreen(page, 'Reports');
  await page.getByLabel('From').fill('2030-01-10');
  await expect(page.getByText('must be after range.from')).toBeVisible();
  await expect(page.getByLabel('To')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveCount(0);
});

test('blocked follow-ups list the refused attempt by reason and email, and export it', async ({ page, request }) => {
  const email = `blocked.${Date.now()}@prospect.example`;
  await bookedThenRefused(request, '13:30', email);

  await openScreen(page, 'Blocked follow-ups');
  const row = page.getByTestId('blocked-row').filter({ hasText: email });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Already used');
  await expect(row).toContainText('Intro call');
  expect(await barriers(page)).toEqual([]);

  await page.getByLabel('Reason').selectOption({ label: 'Expired' });
  await expect(row).toHaveCount(0);
  await page.getByLabel('Reason').selectOption({ label: 'Already used' });
  await expect(row).toHaveCount(1);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const csv = await readFile(await (await download).path(), 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toBe('occurred_at,reason,invitee_email,link,owner,single_use_label,single_use_prefix');
  expect(lines.every((line, index) => index === 0 || line.split(',')[1] === 'USED')).toBe(true);
  expect(lines.some((line) => line.includes(`,USED,${email},Intro call,`))).toBe(true);
});
