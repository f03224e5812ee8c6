import { expect, test } from '@playwright/test';
import { CALDAV_PASSWORD, CALDAV_USER, newCalendar } from './caldav';
import { newMember, signIn } from './console-helpers';
import { barriers, SCREENSHOTS } from './helpers';

test('a host connects their CalDAV calendar, sees it read, changes it and disconnects it', async ({ page, request }) => {
  // A member of their own: the demo links' hosts keep their calendars as they are.
  const key = await newMember(request, 'Calendar Host');
  const calendar = await newCalendar(request);
  await signIn(page, key);
  await page.getByRole('link', { name: 'My calendar' }).click();
  await expect(page.getByRole('heading', { name: 'No calendar connected' })).toBeVisible();

  // A wrong password is refused by the calendar server, and said by its field.
  await page.getByLabel('Calendar URL').fill(calendar);
  await page.getByLabel('User name').fill(CALDAV_USER);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Connect calendar' }).click();
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('The calendar server refused the user name or password.')).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Nothing was connected');

  // The right one: read, kept, and shown without the password.
  await page.getByLabel('Password').fill(CALDAV_PASSWORD);
  await page.getByRole('button', { name: 'Connect calendar' }).click();
  await expect(page.getByText(`Connected: ${calendar} was read`)).toBeVisible();
  await expect(page.getByText(/^Read well, last at /)).toBeVisible();
  await expect(page.getByText(calendar, { exact: true })).toBeVisible();
  await expect(page.getByText('Written into this calendar, moved and removed with them')).toBeVisible();
  await expect(page.getByText(CALDAV_PASSWORD)).toHaveCount(0);
  expect(await barriers(page)).toEqual([]);
  await page.screenshot({ path: `${SCREENSHOTS}/console-calendar.png` });

  // Changed: the form comes back filled but for the password, which is asked again.
  await page.getByRole('button', { name: 'Change…' }).click();
  await expect(page.getByLabel('Calendar URL')).toHaveValue(calendar);
  await expect(page.getByLabel('Password')).toHaveValue('');
  await page.getByLabel('Also write the meetings booked with me into this calendar').uncheck();
  await page.getByLabel('Password').fill(CALDAV_PASSWORD);
  await page.getByRole('button', { name: 'Save and check' }).click();
  await expect(page.getByText('Not written into it')).toBeVisible();

  // Disconnected after a confirmation; a reload shows none.
  await page.getByRole('button', { name: 'Disconnect' }).click();
  const dialog = page.getByRole('dialog', { name: 'Disconnect your calendar?' });
  expect(await barriers(page)).toEqual([]);
  await dialog.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByText('Disconnected: its busy times no longer count')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'No calendar connected' })).toBeVisible();
});
