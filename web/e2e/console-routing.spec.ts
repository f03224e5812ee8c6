import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { asAdmin, signIn } from './console-helpers';
import { barriers } from './helpers';

const CREATE_LINK = `mutation($input: CreateLinkInput!) {
  createLink(input: $input) { __typename ... on LinkSaved { link { id } } ... on Error { message } } }`;
const ROUTING = `query($id: ID!) { link(id: $id) {
  questions { key } routingRules { question operator values hostIds } } }`;

type Stored = { link: { questions: { key: string }[]; routingRules: { question: string; operator: string; values: string[]; hostIds: string[] }[] } };

/** A link of the demo admin's own that routes by the booking form's answers, made for one test. */
async function routedLink(request: APIRequestContext, name: string): Promise<string> {
  const demo = await asAdmin<{ link: { meetingType: { id: string } } }>(request, '{ link(id: "TGluazox") { meetingType { id } } }');
  const made = await asAdmin<{ createLink: { link: { id: string } } }>(request, CREATE_LINK, {
    input: { name, meetingTypeId: demo.link.meetingType.id, bookableBy: 'ANYONE', assignment: 'RULES' },
  });
  return made.createLink.link.id;
}

async function openRouting(page: Page, name: string) {
  await signIn(page);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Link management' }).click();
  await page.getByRole('button', { name: `Routing… ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Routing of ${name}` });
  await expect(dialog.getByText('No questions yet: add one to ask invitees on the booking form.')).toBeVisible();
  return dialog;
}

/** Adds the question "Region" (EMEA, Americas) and the rule Region is EMEA → the demo admin. */
async function addRegionRule(page: Page, name: string) {
  const dialog = await openRouting(page, name);
  await dialog.getByRole('button', { name: 'Add question' }).click();
  const question = dialog.getByRole('group', { name: /^Question 1/ });
  await question.getByLabel('Label').fill('Region');
  await question.getByLabel('Key').fill('region');
  await question.getByLabel('Kind').selectOption({ label: 'One choice' });
  await question.getByLabel('Options').fill('EMEA\nAmericas');
  await dialog.getByRole('button', { name: 'Add rule' }).click();
  const rule = dialog.getByRole('group', { name: 'Rule 1' });
  await expect(rule.getByLabel('Condition').locator('option')).toHaveText(['is', 'is one of']);
  await rule.getByLabel('Condition').selectOption({ label: 'is' });
  await rule.getByRole('group', { name: 'Values' }).getByRole('checkbox', { name: 'EMEA' }).check();
  await rule.getByRole('group', { name: 'Pool' }).getByRole('checkbox', { name: 'Demo Admin' }).check();
  return { dialog, question, rule };
}

test('an admin adds a question and a rule routing it to a pool: both are stored', async ({ page, request }) => {
  const name = `Routed ${Date.now()}`;
  const id = await routedLink(request, name);
  const { dialog } = await addRegionRule(page, name);
  await expect(dialog).toContainText('The first rule the answers meet picks the pool; none met: any host of the link.');
  expect(await barriers(page)).toEqual([]);

  await dialog.getByRole('button', { name: 'Save routing' }).click();

  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toHaveText(`Saved the routing of ${name}.`);
  const viewer = await asAdmin<{ viewer: { id: string } }>(request, '{ viewer { id } }');
  const stored = await asAdmin<Stored>(request, ROUTING, { id });
  expect(stored.link.questions).toEqual([{ key: 'region' }]);
  expect(stored.link.routingRules).toEqual([
    { question: 'region', operator: 'EQUALS', values: ['EMEA'], hostIds: [viewer.viewer.id] },
  ]);
});

test('a rule value that is no longer an option is refused next to its rule', async ({ page, request }) => {
  const name = `Misrouted ${Date.now()}`;
  const id = await routedLink(request, name);
  const { dialog, question, rule } = await addRegionRule(page, name);
  await question.getByLabel('Options').fill('Europe\nAmericas');
  await expect(rule.getByRole('checkbox', { name: 'EMEA (no longer an option: uncheck it)' })).toBeChecked();

  await dialog.getByRole('button', { name: 'Save routing' }).click();

  await expect(rule.getByRole('group', { name: 'Values' })).toHaveAccessibleDescription("'EMEA' is not an option of 'Region'");
  await expect(dialog.getByRole('alert')).toHaveText('Nothing was saved: check the fields marked above.');
  expect(await barriers(page)).toEqual([]);
  const stored = await asAdmin<Stored>(request, ROUTING, { id });
  expect(stored.link).toEqual({ questions: [], routingRules: [] });
});
