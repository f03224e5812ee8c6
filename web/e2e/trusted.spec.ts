import { expect, test, type Request } from '@playwright/test';
import { mint, openFirstFreeDay, TRUSTED_SEED_FILE } from './helpers';
import { TRUSTED_PORT } from './ports';

// A server with SLOTLINK_TRUSTED_DOCUMENTS set: anonymous callers run only trusted documents,
// and the pages' own documents (the build's manifest) are among them.
test.use({ baseURL: `http://127.0.0.1:${TRUSTED_PORT}` });

function operation(request: Request): Record<string, unknown> {
  if (request.method() === 'GET') {
    const params = new URL(request.url()).searchParams;
    return Object.fromEntries(params.entries());
  }
  return request.postDataJSON() as Record<string, unknown>;
}

test('the pages book by hash alone where only trusted documents run', async ({ page, request }) => {
  const token = await mint(request, null, 'TGluazox', TRUSTED_SEED_FILE);
  const sent: Record<string, unknown>[] = [];
  page.on('request', (each) => {
    if (new URL(each.url()).pathname === '/graphql') sent.push(operation(each));
  });

  await page.goto(`/l/${token}`);
  await openFirstFreeDay(page);
  await page.locator('button.slot').first().click();
  await page.getByLabel('Name').fill('Bob Prospect');
  await page.getByLabel('Email').fill('bob@initech.test');
  await page.getByRole('button', { name: 'Book the meeting' }).click();

  await expect(page.getByRole('heading', { name: 'You are booked' })).toBeVisible();
  expect(sent.length).toBeGreaterThanOrEqual(3);
  for (const each of sent) {
    expect(each.query).toBeUndefined();
    expect(JSON.stringify(each.extensions)).toContain('sha256Hash');
  }
});

test('an anonymous document that is not trusted is refused', async ({ request }) => {
  const response = await request.post('/graphql', { data: { query: '{ __typename }' } });

  const body = await response.json();
  expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
});
