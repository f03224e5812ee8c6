import { expect, test } from '@playwright/test';
import {
  barriers,
  bookDirectly,
  firstSlotStart,
  mint,
  openFirstFreeDay,
  pickFirstSlot,
  SCREENSHOTS,
  tabUntil,
  USED,
} from './helpers';

test('an invitee books through a single-use link, which is then spent', async ({ page, request }) => {
  const token = await mint(request);
  const navigated = Date.now();
  await page.goto(`/l/${token}`);
  await expect(page.getByRole('heading', { name: 'Intro call' })).toBeVisible();
  await expect(page.getByText('30 minutes')).toBeVisible();
  await openFirstFreeDay(page);
  // A figure for the record, not a bound: the time from navigation to free times shown.
  console.log(`free times shown ${Date.now() - navigated} ms after navigation`);
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

test('a time taken meanwhile: the invitee is told, picks another, and keeps what was typed', async ({
  page,
  request,
}) => {
  const token = await mint(request);
  await page.goto(`/l/${token}`);
  await openFirstFreeDay(page);
  const slot = page.locator('button.slot').first();
  const taken = (await slot.textContent()) ?? '';
  await slot.click();
  await page.getByLabel('Name').fill('Bob Prospect');
  await page.getByLabel('Email').fill('bob@initech.test');
  await page.getByLabel('Anything to prepare? (optional)').fill('The renewal');
  // Someone else books that very time through another single-use link of the same host: the
  // page hears of it while the form is open.
  await bookDirectly(request, await mint(request), await firstSlotStart(request, taken));

  await expect(page.getByRole('alert')).toHaveText(
    'That time was just taken. Please pick another one.',
  );
  await openFirstFreeDay(page);
  await expect(page.locator('button.slot', { hasText: taken })).toHaveCount(0);
  await page.locator('button.slot').first().click();
  await expect(page.getByLabel('Name')).toHaveValue('Bob Prospect');
  await expect(page.getByLabel('Anything to prepare? (optional)')).toHaveValue('The renewal');
});

test('free times someone else books disappear from the page without a reload', async ({
  page,
  request,
}) => {
  await page.goto('/demo-organization/intro');
  await openFirstFreeDay(page);
  const slots = page.locator('button.slot');
  const before = await slots.count();
  const first = ((await slots.first().textContent()) ?? '').trim();

  await bookDirectly(request, await mint(request), await firstSlotStart(request, first));

  await expect(slots).toHaveCount(before - 1);
  await expect(page.locator('button.slot', { hasText: first })).toHaveCount(0);
});

test('everything is reachable by keyboard', async ({ page, request }) => {
  const token = await mint(request);
  await page.goto(`/l/${token}`);
  await expect(page.getByRole('region', { name: 'Pick a day' })).toHaveAttribute(
    'aria-busy',
    'false',
  );

  await tabUntil(page, 'button.day:not([disabled])');
  await page.keyboard.press('Enter');
  await tabUntil(page, 'button.slot');
  await page.keyboard.press('Enter');
  await tabUntil(page, 'input[autocomplete="name"]');
  await page.keyboard.type('Kay Board');
  await page.keyboard.press('Tab');
  await page.keyboard.type('kay@prospect.example');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: 'You are booked' })).toBeVisible();
});
