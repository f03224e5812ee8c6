import { expect, test } from '@playwright/test';

test('GraphiQL loads from this server alone and runs a query', async ({ page, baseURL }) => {
  // Offline: any request to another origin fails, as it would without internet.
  const elsewhere: string[] = [];
  await page.route(
    (url) => !url.href.startsWith(`${baseURL}/`),
    async (route) => {
      elsewhere.push(route.request().url());
      await route.abort('internetdisconnected');
    },
  );

  await page.goto('/graphql');

  const editor = page.locator('.graphiql-query-editor .CodeMirror');
  await expect(editor).toBeVisible();
  await editor.evaluate((element) => {
    const codeMirror = (element as unknown as { CodeMirror: { setValue(text: string): void } })
      .CodeMirror;
    codeMirror.setValue('{ __typename }');
  });
  await page.locator('.graphiql-execute-button').click();
  await expect(page.locator('.graphiql-response')).toContainText('"__typename": "Query"');
  expect(elsewhere).toEqual([]);
});
