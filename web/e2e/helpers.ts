import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { SEED_FILE, TRUSTED_SEED_FILE } from './seed';

// The README's pictures with `make screenshots`; otherwise beside the test results, so that a
// test run leaves the work tree as it was.
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
  ? resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots')
  : resolve(import.meta.dirname, '..', 'test-results', 'screenshots');
export { TRUSTED_SEED_FILE };
export const USED = /already been used to book a meeting\. Please contact Demo Admin \(admin@demo\.example\)/;

export function demoKey(seedFile = SEED_FILE): string {
  const match = readFileSync(seedFile, 'utf8').match(/API key \(shown once\): (sl_\S+)/);
  if (match === null) throw new Error(`no API key in ${SEED_FILE}`);
  return match[1];
}

export async function mint(
  request: APIRequestContext,
  invitee: { name: string; email: string } | null = null,
  linkId = 'TGluazox',
  seedFile = SEED_FILE,
): Promise<string> {
  const response = await request.post('/graphql', {
    headers: { authorization: `Bearer ${demoKey(seedFile)}` },
    data: {
      query: `mutation($link: ID!, $invitee: InviteeInput) {
        createSingleUseLink(input: {linkId: $link, label: "e2e", invitee: $invitee}) {
          __typename ... on SingleUseLinkCreated { token } } }`,
      variables: { link: linkId, invitee },
    },
  });
  const body = await response.json();
  expect(body.data.createSingleUseLink.__typename).toBe('SingleUseLinkCreated');
  return body.data.createSingleUseLink.token;
}

/** Opens the first day that has free times, going forward a month at a time. */
export async function openFirstFreeDay(page: Page): Promise<void> {
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
export async function barriers(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help}`);
}

export async function pickFirstSlot(page: Page): Promise<void> {
  await openFirstFreeDay(page);
  await page.locator('button.slot').first().click();
}


/** Presses Tab until the focused element matches `selector` (at most 80 times). */
export async function tabUntil(page: Page, selector: string): Promise<void> {
  for (let press = 0; press < 80; press += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) {
      return;
    }
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The start, as the API says it in UTC, of the first free slot whose wall-clock time is
 * `clock` (the page shows UTC times in these tests: the browser's zone is UTC). */
export async function firstSlotStart(request: APIRequestContext, clock: string): Promise<string> {
  const now = new Date();
  const response = await request.post('/graphql', {
    data: {
      query: `query($from: DateTime!, $to: DateTime!) { publicLink(key: "demo-organization/intro") {
        ... on PublicLink { availableSlots(from: $from, to: $to) { ... on AvailableSlots { slots } } } } }`,
      variables: {
        from: now.toISOString(),
        to: new Date(now.getTime() + 60 * 86400_000).toISOString(),
      },
    },
  });
  const slots: string[] = (await response.json()).data.publicLink.availableSlots.slots;
  const found = slots.find((slot) => slot.slice(11, 16) === clock);
  if (found === undefined) throw new Error(`no free slot at ${clock}`);
  return found;
}

/** Books `start` through the API, as another invitee would. */
export async function bookDirectly(
  request: APIRequestContext,
  token: string,
  start: string,
): Promise<void> {
  const response = await request.post('/graphql', {
    data: {
      query: `mutation($key: String!, $start: DateTime!) { bookMeeting(input: {key: $key, start: $start,
        invitee: {name: "Someone Else", email: "else@prospect.example"}}) { __typename } }`,
      variables: { key: token, start },
    },
  });
  expect((await response.json()).data.bookMeeting.__typename).toBe('BookingConfirmed');
}
