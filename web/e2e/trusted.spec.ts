import { expect, test, type Request } from '@playwright/test';
import { auditServer, type AuditResult } from 'graphql-http';
import { demoKey, mint, openFirstFreeDay, TRUSTED_SEED_FILE } from './helpers';
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
  const response = await request.post('/graphql', { data: { query: '{ viewer { id } }' } });

  const body = await response.json();
  expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
});

function notOk(results: AuditResult[]): string[] {
  return results
    .filter((result) => result.status !== 'ok')
    .map((result) => `${result.status} ${result.id} ${result.name}: ${result.reason}`);
}

test('in production the GraphQL-over-HTTP audit finds every check ok with an admin key', async ({
  baseURL,
}) => {
  const key = demoKey(TRUSTED_SEED_FILE);
  const results = await auditServer({
    url: `${baseURL}/graphql`,
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) =>
      fetch(input, { ...init, headers: { ...(init?.headers as object), authorization: `Bearer ${key}` } }),
  });
  expect(notOk(results)).toEqual([]);
  console.log(`GraphQL-over-HTTP audit, production, with an admin key: ${results.length} checks, all ok`);
});

test('in production the anonymous audit is refused only its introspection probe', async ({
  baseURL,
}) => {
  // The audit's own documents are trusted on this server (e2e/audit-documents.json); anonymous
  // introspection is off in production, so the checks that ask __type cannot pass, by design.
  const results = await auditServer({ url: `${baseURL}/graphql` });
  const failing = notOk(results);
  console.log(`GraphQL-over-HTTP audit, production, anonymous: ${results.length - failing.length} of ${results.length} ok; not ok:\n${failing.join('\n')}`);
  // The four checks that send `query Type($name: String!) { __type(name: $name) { name } }`.
  const introspecting = ['2EA1', '28B9', 'D6D5', '6A70'];
  expect(results.filter((result) => result.status !== 'ok').map((result) => result.id).sort()).toEqual(
    introspecting.sort(),
  );
  expect(results.length).toBeGreaterThanOrEqual(61);
});
