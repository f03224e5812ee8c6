import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { SEED_FILE } from './seed';

// The README's pictures with `make screenshots`; otherwise beside the test results, so that a
// test run leaves the work tree as it was.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots')
  : resolve(import.meta.dirname, '..', 'test-results', 'screenshots');
const USED = /already been used to book a meeting\. Please contact Demo Admin \(admin@demo\.example\)/;

function demoKey(): string {
  const match = readFileSync(SEED_FILE, 'utf8').match(/API key \(shown once\): (sl_\S+)/);
  if (match === null) throw new Error(`no API key in ${SEED_FILE}`);
  return match[1];
}

async function mint(
  request: APIRequestContext,
  invitee: { name: string; email: string } | null = null,
): Promise<string> {
  const response = await request.post('/graphql', {
    headers: { authorization: `Bearer ${demoKey()}` },
    data: {
      query: `mutation($invitee: InviteeInput) {
        createSingleUseLink(input: {linkId: "TGluazox", label: "e2e", invitee: $invitee}) {
          __typename ... on SingleUseLinkCreated { token } } }`,
      variables: { invitee },
    },
  });
  const body = await response.json();
  expect(body.data.createSingleUseLink.__typename).toBe('SingleUseLinkCreated');
  return body.data.createSingleUseLink.token;
}

/** Opens the first day that has free times, going forward a month at a time. */
async function openFirstFreeDay(page: Page): Promise<void> {
  for (let month = 0; month < 3; month += 1) {
    await expect(page.getByRole('region', { name: 'Pick a day' })).toHaveAttribute('aria-busy', 'false');
    const free = page.locator('button.day:not([disabled])');
    if ((await free.count()) > 0) {
      await free.first().click();
      return;
    }
    await page.getByRole('button', { name: 'Next month' }).click();
  }
  throw new Error('no free day within three months');
}

/** Serious and critical accessibility violations axe-core finds on the page as it is now. */
async function barriers(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help}`);
}

async function pickFirstSlot(page: Page): Promise<void> {
  await openFirstFreeDay(page);
  await page.locator('button.slot').first().click();
}

test('an invitee books through a single-use link, which is then spent', async ({ page, request }) => {
  const token = await mint(request);
  await page.goto(`/l/${token}`);
  await expect(page.getByRole('heading', { name: 'Intro call' })).toBeVisible();
  await expect(page.getByText('30 minutes')).toBeVisible();
  await openFirstFreeDay(page);
  await page.screenshot({ path: `${SCREENSHOTS}/link-page-desktop.png` });
  expect(await barriers(page)).toEqual([]);
  await page.locator('button.slot').first().click();
  await page.getByLabel('Name').fill('Bob Prospect');
  await page.getByLabel('Email').fill('bob@initech.test');
  await page.screenshot({ path: `${SCREENSHOTS}/booking-form-desktop.png` });
  expect(await barriers(page)).toEqual([]);

  await page.getByRole('button', { name: 'Book the meeting' }).click();

  await expect(page.getByRole('heading', { name: 'You are booked' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add to calendar' })).toHaveAttribute(
    'download',
    'meeting.ics',
  );
  await page.screenshot({ path: `${SCREENSHOTS}/confirmation-desktop.png` });
  expect(await barriers(page)).toEqual([]);
  await page.reload();
  await expect(page.getByRole('alert')).toContainText(USED);
  await page.screenshot({ path: `${SCREENSHOTS}/used-link-desktop.png` });
  expect(await barriers(page)).toEqual([]);
});

test('the page works at 375 px', async ({ page, request }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  const token = await mint(request);
  await page.goto(`/l/${token}`);
  await openFirstFreeDay(page);
  await page.screenshot({ path: `${SCREENSHOTS}/link-page-mobile.png`, fullPage: true });
  expect(await barriers(page)).toEqual([]);
  await page.locator('button.slot').first().click();
  await expect(page.getByLabel('Name')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/booking-form-mobile.png`, fullPage: true });
});

test('a standard link opens the same page', async ({ page }) => {
  await page.goto('/demo-organization/intro');
  await expect(page.getByRole('heading', { name: 'Intro call' })).toBeVisible();
  await page.goto('/demo-organization/no-such-link');
  await expect(page.getByRole('alert')).toContainText('This booking link does not exist.');
});

test('a personalized link books without the form, and ?skip=0 shows it', async ({
  page,
  request,
}) => {
  const jane = { name: 'Jane Prospect', email: 'jane@prospect.example' };
  const token = await mint(request, jane);

  await page.goto(`/l/${token}?skip=0`);
  await pickFirstSlot(page);
  await expect(page.getByLabel('Name')).toHaveValue('Jane Prospect');

  await page.goto(`/l/${token}`);
  await pickFirstSlot(page);
  await expect(page.getByText('Booking as Jane Prospect (jane@prospect.example).')).toBeVisible();
  await expect(page.getByLabel('Name')).toHaveCount(0);
  await page.getByRole('button', { name: 'Book the meeting' }).click();
  await expect(page.getByRole('heading', { name: 'You are booked' })).toBeVisible();
});

// Both at the same time: the link's one use decides, before the slot does.
test('two browsers racing for one single-use link: one booking, one refusal', async ({
  browser,
  request,
}) => {
  const token = await mint(request);
  const pages = await Promise.all([0, 1].map(async () => (await browser.newContext()).newPage()));
  for (const [index, page] of pages.entries()) {
    await page.goto(`/l/${token}`);
    await pickFirstSlot(page);
    await page.getByLabel('Name').fill(`Racer ${index}`);
    await page.getByLabel('Email').fill(`racer${index}@prospect.example`);
  }

  await Promise.all(
    pages.map((page) => page.getByRole('button', { name: 'Book the meeting' }).click()),
  );

  const outcomes = await Promise.all(
    pages.map(async (page) => {
      const booked = page.getByRole('heading', { name: 'You are booked' });
      const refused = page.getByRole('alert');
      await expect(booked.or(refused)).toBeVisible();
      return (await booked.isVisible()) ? 'booked' : await refused.innerText();
    }),
  );
  expect(outcomes.filter((outcome) => outcome === 'booked')).toHaveLength(1);
  expect(outcomes.find((outcome) => outcome !== 'booked')).toMatch(USED);
});
