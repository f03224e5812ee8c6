import { expect, test } from '@playwright/test';
import { auditServer, type AuditResult } from 'graphql-http';
import { demoKey } from './helpers';

function notOk(results: AuditResult[]): string[] {
  return results
    .filter((result) => result.status !== 'ok')
    .map((result) => `${result.status} ${result.id} ${result.name}: ${result.reason}`);
}

// graphql-http's own audit of the GraphQL-over-HTTP spec, against the real server.
test('the GraphQL-over-HTTP audit finds every check ok, anonymously', async ({ baseURL }) => {
  const results = await auditServer({ url: `${baseURL}/graphql` });
  expect(notOk(results)).toEqual([]);
  expect(results.length).toBeGreaterThanOrEqual(61);
  console.log(`GraphQL-over-HTTP audit, anonymous: ${results.length} checks, all ok`);
});

test('the GraphQL-over-HTTP audit finds every check ok with an API key', async ({ baseURL }) => {
  const key = demoKey();
  const results = await auditServer({
    url: `${baseURL}/graphql`,
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) =>
      fetch(input, { ...init, headers: { ...(init?.headers as object), authorization: `Bearer ${key}` } }),
  });
  expect(notOk(results)).toEqual([]);
  console.log(`GraphQL-over-HTTP audit, with a key: ${results.length} checks, all ok`);
});
