import { randomUUID } from 'node:crypto';
import { expect, type APIRequestContext } from '@playwright/test';
import { CALDAV_PORT } from './ports';

export const CALDAV_USER = 'hana';
export const CALDAV_PASSWORD = 'app-password-1';
const AUTHORIZATION = `Basic ${Buffer.from(`${CALDAV_USER}:${CALDAV_PASSWORD}`).toString('base64')}`;

/** A new, empty calendar on the test CalDAV server, as the host's calendar app makes one. */
export async function newCalendar(request: APIRequestContext): Promise<string> {
  const url = `http://127.0.0.1:${CALDAV_PORT}/${CALDAV_USER}/${randomUUID().slice(0, 12)}/`;
  const response = await request.fetch(url, { method: 'MKCALENDAR', headers: { authorization: AUTHORIZATION } });
  expect(response.status()).toBe(201);
  return url;
}
