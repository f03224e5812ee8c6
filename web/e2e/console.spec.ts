import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { asAdmin, clipboardContext, clipboardOf, newMember, signIn } from './console-helpers';
import { barriers, bookDirectly, demoKey, firstSlotStart, mint, pickFirstSlot, SCREENSHOTS } from './helpers';

// Live updates arrive within this; the test fails if they take longer.
const LIVE = { timeout: 2_000 };

test('a wrong key is refused by name; the right one opens My links', async ({ page }) => {
  await page.goto('/app');
  await page.getByLabel('API key').fill('sl_not-a-key');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('That API key is unknown or revoked.');
  await signIn(page);
  await expect(page.getByRole('heading', { name: 'Intro call' })).toBeVisible();
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + document.cookie)).not.toContain('sl_');
});

test('copy a single-use link, book it elsewhere: the console follows live', async ({ browser, baseURL }) => {
  const owner = await clipboardContext(browser, baseURL!);
  const console = await owner.newPage();
  await signIn(console);
  await console.getByRole('button', { name: 'More ways to share Intro call' }).click();
  await console.getByRole('menuitem', { name: 'Copy single-use link' }).click();
  await expect(console.getByRole('status')).toContainText('Single-use link to Intro call copied');
  const copied = await clipboardOf(console);
  expect(copied).toMatch(new RegExp(`^${baseURL}/l/[A-Za-z0-9_-]{20,}$`));

  await console.getByRole('link', { name: 'Intro call' }).click();
  await expect(console.getByRole('heading', { name: 'Single-use links of Intro call' })).toBeVisible();
  const usedChip = console.getByRole('button', { name: /^Used \d+$/ });
  const usedBefore = Number((await usedChip.textContent())!.replace(/\D/g, ''));
  const log = await owner.newPage();
  await log.goto('/app/meetings');
  await expect(log.getByRole('heading', { name: 'Meeting logs' })).toBeVisible();
  const bookedBy = `Live Prospect ${Date.now()}`;

  const invitee = await browser.newContext({ baseURL });
  const booking = await invitee.newPage();
  await booking.goto(copied);
  await pickFirstSlot(booking);
  await booking.getByLabel('Name').fill(bookedBy);
  await booking.getByLabel('Email').fill('live@prospect.example');
  await booking.getByRole('button', { name: 'Book the meeting' }).click();
  await expect(booking.getByRole('heading', { name: 'You are booked' })).toBeVisible();

  await expect(usedChip).toHaveText(`Used ${usedBefore + 1}`, LIVE);
  await expect(console.getByRole('row', { name: new RegExp(bookedBy) })).toContainText('Used', LIVE);
  const row = log.getByRole('row', { name: new RegExp(bookedBy) });
  await expect(row).toBeVisible(LIVE);
  await expect(row).toContainText('Single-use');
  await owner.close();
  await invitee.close();
});

test('"Hide single-use links" hides them and shows them again', async ({ page, request }) => {
  await bookDirectly(request, 'demo-organization/intro', await firstSlotStart(request, '10:00'));
  await bookDirectly(request, await mint(request), await firstSlotStart(request, '11:00'));
  await signIn(page);
  await page.getByRole('link', { name: 'Meeting logs' }).click();
  const toggle = page.getByRole('switch', { name: 'Hide single-use links' });
  await expect(toggle).not.toBeChecked();
  const rows = page.getByTestId('meeting-row');
  await expect(rows.filter({ hasText: 'Standard' }).first()).toBeVisible();
  await expect(rows.filter({ hasText: 'Single-use' }).first()).toBeVisible();

  await toggle.check();
  await expect(rows.filter({ hasText: 'Single-use' })).toHaveCount(0);
  await expect(rows.filter({ hasText: 'Standard' }).first()).toBeVisible();

  await toggle.uncheck();
  await expect(rows.filter({ hasText: 'Single-use' }).first()).toBeVisible();
});

test('personalize and copy: the link books without the form', async ({ browser, baseURL }) => {
  const owner = await clipboardContext(browser, baseURL!);
  const page = await owner.newPage();
  await signIn(page);
  await page.getByRole('button', { name: 'More ways to share Intro call' }).click();
  await page.getByRole('menuitem', { name: 'Personalize…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Personalize a single-use link of Intro call' });
  await dialog.getByLabel('Invitee name').fill('Jane Personal');
  await dialog.getByLabel('Invitee email').fill('not-an-email');
  await dialog.getByRole('button', { name: 'Copy & close' }).click();
  await expect(dialog.getByLabel('Invitee email')).toHaveAccessibleDescription(/email/i);
  await dialog.getByLabel('Invitee email').fill('jane@personal.example');
  await dialog.getByRole('button', { name: 'Copy & close' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText('Personalized link to Intro call copied');
  const copied = await clipboardOf(page);

  const invitee = await browser.newContext({ baseURL });
  const booking = await invitee.newPage();
  await booking.goto(copied);
  await pickFirstSlot(booking);
  await expect(booking.getByLabel('Name')).toHaveCount(0);
  await booking.getByRole('button', { name: 'Book the meeting' }).click();
  await expect(booking.getByRole('heading', { name: 'You are booked' })).toBeVisible();
  await owner.close();
  await invitee.close();
});

test('a single-use link not yet used can be revoked from its list', async ({ page, request }) => {
  await mint(request);
  await signIn(page);
  await page.goto('/app/links/TGluazox');
  await page.getByRole('button', { name: /^Active \d+$/ }).click();
  const rows = page.getByTestId('single-use-row');
  await expect(rows.first()).toBeVisible();
  const revoked = Number((await page.getByRole('button', { name: /^Revoked \d+$/ }).textContent())!.replace(/\D/g, ''));
  await rows.first().getByRole('button', { name: /^Revoke/ }).click();
  await expect(page.getByRole('button', { name: /^Revoked \d+$/ })).toHaveText(`Revoked ${revoked + 1}`);
});

test('a member sees only their own links, and no admin screen', async ({ browser, baseURL, request }) => {
  const key = await newMember(request, 'Mia Member');
  const member = await browser.newContext({ baseURL });
  const page = await member.newPage();
  await signIn(page, key);
  await expect(page.getByText('No links yet')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Intro call' })).toHaveCount(0);
  const sections = page.getByRole('navigation', { name: 'Console' });
  await expect(sections.getByRole('link', { name: 'Reports' })).toHaveCount(0);
  await expect(sections.getByRole('link', { name: 'Link management' })).toHaveCount(0);
  for (const path of ['/app/reports', '/app/manage', '/app/blocked']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: 'Admins only' })).toBeVisible();
  }
  // The API refuses them too, on the member's own session.
  const reports = await member.request.post('/graphql', {
    data: { query: '{ reports { __typename } link(id: "TGluazox") { id } }' },
  });
  expect((await reports.json()).data).toEqual({ reports: { __typename: 'Forbidden' }, link: null });
  await member.close();
});

test('signing out ends the session on the server', async ({ browser, baseURL, playwright }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page);
  const [session] = (await context.cookies()).filter((cookie) => cookie.name === 'slotlink_session');
  expect(session.httpOnly).toBe(true);
  expect(session.sameSite).toBe('Strict');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to Slotlink' })).toBeVisible();

  // The old cookie, replayed from elsewhere, opens nothing.
  const replay = await playwright.request.newContext({ baseURL });
  const answer = await replay.post('/graphql', {
    headers: { cookie: `slotlink_session=${session.value}` },
    data: { query: '{ viewer { id } }' },
  });
  expect(answer.status()).toBe(401);
  await replay.dispose();
  await context.close();
});

test('a session ended elsewhere asks to sign in again, on the same screen', async ({ page, baseURL, playwright }) => {
  await signIn(page);
  const [session] = (await page.context().cookies()).filter((cookie) => cookie.name === 'slotlink_session');
  const elsewhere = await playwright.request.newContext({ baseURL });
  expect((await elsewhere.delete('/session', { headers: { cookie: `slotlink_session=${session.value}` } })).status()).toBe(204);
  await elsewhere.dispose();

  await page.getByRole('link', { name: 'Meeting logs' }).click();
  await expect(page.getByRole('alert')).toHaveText('Your session has ended; sign in again to carry on.');
  await page.getByLabel('API key').fill(demoKey());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Meeting logs' })).toBeVisible();
});

test('every screen has no serious accessibility barrier; pictures for the README', async ({ page, request }) => {
  await asAdmin(request, '{ viewer { id } }');
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.goto('/app');
  expect(await barriers(page)).toEqual([]);
  await page.screenshot({ path: resolve(SCREENSHOTS, 'console-sign-in.png') });
  await signIn(page);
  const screens: [string, string, string][] = [
    ['/app', 'My links', 'console-my-links.png'],
    ['/app/links/TGluazox', 'Single-use links of Intro call', 'console-single-use-links.png'],
    ['/app/meetings', 'Meeting logs', 'console-meeting-logs.png'],
    ['/app/manage', 'Link management', 'console-link-management.png'],
    ['/app/blocked', 'Blocked follow-ups', 'console-blocked.png'],
    ['/app/reports', 'Reports', 'console-reports.png'],
    ['/app/webhooks', 'Webhooks', 'console-webhooks.png'],
  ];
  for (const [path, heading, picture] of screens) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
    await expect(page.getByText('Loading…')).toHaveCount(0);
    expect(await barriers(page), path).toEqual([]);
    await page.screenshot({ path: resolve(SCREENSHOTS, picture), fullPage: true });
  }
  await page.goto('/app');
  await page.getByRole('button', { name: 'More ways to share Intro call' }).click();
  await page.getByRole('menuitem', { name: 'Personalize…' }).click();
  expect(await barriers(page)).toEqual([]);
  await page.screenshot({ path: resolve(SCREENSHOTS, 'console-personalize.png') });
});
