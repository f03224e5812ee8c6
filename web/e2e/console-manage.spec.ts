import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { asAdmin, newMember, signIn } from './console-helpers';
import { barriers } from './helpers';

const CREATE_LINK = `mutation($input: CreateLinkInput!) {
  createLink(input: $input) { ... on LinkSaved { link { id } } } }`;
const LINK_SETTINGS = `query($id: ID!) { link(id: $id) { bookableBy expiresAt } }`;

/** A link of the demo admin's own, made for one test (the demo link stays as other tests need
 * it); booking the same meeting type as the demo link unless told otherwise. */
async function ownLink(request: APIRequestContext, name: string, meetingTypeId?: string): Promise<string> {
  const demo = await asAdmin<{ link: { meetingType: { id: string } } }>(
    request,
    '{ link(id: "TGluazox") { meetingType { id } } }',
  );
  const made = await asAdmin<{ createLink: { link: { id: string } } }>(request, CREATE_LINK, {
    input: { name, meetingTypeId: meetingTypeId ?? demo.link.meetingType.id, bookableBy: 'ANYONE' },
  });
  return made.createLink.link.id;
}

async function openManagement(page: Page): Promise<void> {
  await signIn(page);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Link management' }).click();
  await expect(page.getByRole('heading', { name: 'Link management', level: 1 })).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);
}

const rowOf = (page: Page, name: string) => page.getByRole('row', { name: new RegExp(name) });

test('an admin creates a link for a member: it is listed as managed, owned and hosted by them', async ({ page, request }) => {
  const member = `Mona Managed ${Date.now()}`;
  await newMember(request, member);
  const linkName = `Discovery for Mona ${Date.now()}`;
  await openManagement(page);

  await page.getByRole('button', { name: 'New link' }).click();
  const dialog = page.getByRole('dialog', { name: 'New link' });
  await dialog.getByLabel('Name', { exact: true }).fill(linkName);
  await dialog.getByLabel('Owner').selectOption({ label: member });
  await expect(dialog.getByRole('checkbox', { name: member })).toBeChecked();
  await expect(dialog.getByRole('checkbox', { name: 'Demo Admin' })).not.toBeChecked();
  await dialog.getByRole('button', { name: 'Create link' }).click();

  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status')).toContainText(`Created ${linkName} for ${member}: a managed link`);
  const row = rowOf(page, linkName);
  await expect(row.getByRole('cell', { name: 'Managed', exact: true })).toBeVisible();
  await expect(row.getByRole('cell', { name: member, exact: true })).toHaveCount(2);
});

test('an expiry in the past is refused next to its field, and nothing is saved', async ({ page, request }) => {
  const name = `Expiring ${Date.now()}`;
  const id = await ownLink(request, name);
  await openManagement(page);

  await page.getByRole('button', { name: `Edit ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${name}` });
  await expect(dialog).toContainText('Single-use links of this link follow every change (their own shorter expiry stays).');
  await dialog.getByLabel('Bookable until').fill('2020-01-01T09:00');
  await dialog.getByRole('button', { name: 'Save changes' }).click();

  await expect(dialog.getByLabel('Bookable until')).toHaveAccessibleDescription('must be in the future');
  await expect(dialog.getByRole('alert')).toHaveText('Nothing was saved: check the fields marked above.');
  const saved = await asAdmin<{ link: { expiresAt: string | null } }>(request, LINK_SETTINGS, { id });
  expect(saved.link.expiresAt).toBeNull();
});

test('a link made private books only through single-use links', async ({ page, request }) => {
  const name = `Private ${Date.now()}`;
  const id = await ownLink(request, name);
  await openManagement(page);
  const row = rowOf(page, name);
  await expect(row.getByRole('cell', { name: 'Anyone', exact: true })).toBeVisible();

  await row.getByRole('button', { name: `Edit ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${name}` });
  await dialog.getByRole('radio', { name: /^Single-use links only/ }).check();
  await dialog.getByRole('button', { name: 'Save changes' }).click();

  await expect(dialog).toBeHidden();
  await expect(row.getByRole('cell', { name: 'Single-use links only', exact: true })).toBeVisible();
  const saved = await asAdmin<{ link: { bookableBy: string } }>(request, LINK_SETTINGS, { id });
  expect(saved.link.bookableBy).toBe('SINGLE_USE_ONLY');
});

test('archive, then restore: the status follows in the table and in the status filter', async ({ page, request }) => {
  const name = `Seasonal ${Date.now()}`;
  await ownLink(request, name);
  await openManagement(page);
  const row = rowOf(page, name);
  await expect(row.getByRole('cell', { name: 'Active', exact: true })).toBeVisible();

  await row.getByRole('button', { name: `Archive ${name}` }).click();
  await expect(row.getByRole('cell', { name: 'Archived', exact: true })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(`Archived ${name}`);
  await page.getByLabel('Status').selectOption('ACTIVE');
  await expect(row).toHaveCount(0);
  await page.getByLabel('Status').selectOption('ARCHIVED');
  await row.getByRole('button', { name: `Restore ${name}` }).click();
  await expect(row).toHaveCount(0);

  await page.getByLabel('Status').selectOption('');
  await expect(row.getByRole('cell', { name: 'Active', exact: true })).toBeVisible();
  await expect(row.getByRole('button', { name: `Archive ${name}` })).toBeEnabled();
});

test('the search box finds a link by name; its single-use list opens from the row', async ({ page, request }) => {
  const name = `Findable ${Date.now()}`;
  const id = await ownLink(request, name);
  await ownLink(request, `Decoy ${Date.now()}`);
  await openManagement(page);

  await page.getByRole('searchbox', { name: 'Search' }).fill(name);
  await expect(page.getByTestId('managed-link-row')).toHaveCount(1);
  await expect(rowOf(page, name)).toBeVisible();
  await page.getByRole('link', { name: `0 single-use links of ${name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/app/links/${id}$`));
  await expect(page.getByRole('heading', { name: `Single-use links of ${name}` })).toBeVisible();
});

test('a meeting type made longer shows on its links at once', async ({ page, request }) => {
  const typeName = `Deep dive ${Date.now()}`;
  const made = await asAdmin<{ createMeetingType: { meetingType: { id: string } } }>(
    request,
    `mutation($name: String!) { createMeetingType(input: {name: $name, durationMinutes: 30, locationKind: VIDEO}) {
      ... on MeetingTypeSaved { meetingType { id } } } }`,
    { name: typeName },
  );
  const linkName = `Long talk ${Date.now()}`;
  await ownLink(request, linkName, made.createMeetingType.meetingType.id);
  await openManagement(page);
  await expect(rowOf(page, linkName)).toContainText('30 min');

  await page.getByRole('button', { name: `Edit meeting type ${typeName}` }).click();
  const dialog = page.getByRole('dialog', { name: `Edit meeting type ${typeName}` });
  await dialog.getByLabel('Duration (minutes)').fill('45');
  await dialog.getByRole('button', { name: 'Save meeting type' }).click();

  await expect(dialog).toBeHidden();
  await expect(rowOf(page, linkName)).toContainText('45 min');
});

test('the screen and the edit dialog have no serious accessibility barrier', async ({ page, request }) => {
  const name = `Accessible ${Date.now()}`;
  await ownLink(request, name);
  await openManagement(page);
  expect(await barriers(page)).toEqual([]);

  await page.getByRole('button', { name: `Edit ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${name}` });
  await expect(dialog).toBeVisible();
  expect(await barriers(page)).toEqual([]);
  await dialog.getByLabel('Slot interval (minutes)').fill('1');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog.getByLabel('Slot interval (minutes)')).toHaveAccessibleDescription('must be between 5 and 720');
  expect(await barriers(page)).toEqual([]);
});

test('switching a round-robin link to one fixed host warns how many single-use links it disables', async ({ page, request }) => {
  const name = `Pool ${Date.now()}`;
  const demo = await asAdmin<{ link: { meetingType: { id: string } } }>(request, '{ link(id: "TGluazox") { meetingType { id } } }');
  const made = await asAdmin<{ createLink: { link: { id: string } } }>(request, CREATE_LINK, {
    input: { name, meetingTypeId: demo.link.meetingType.id, assignment: 'ROUND_ROBIN' },
  });
  const id = made.createLink.link.id;
  for (let n = 0; n < 2; n += 1) {
    await asAdmin(request, `mutation($id: ID!) { createSingleUseLink(input: {linkId: $id}) { __typename } }`, { id });
  }
  await openManagement(page);

  await page.getByRole('button', { name: `Edit ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Edit ${name}` });
  await expect(dialog.getByRole('radio', { name: /^One host, by turns/ })).toBeChecked();
  await dialog.getByRole('radio', { name: /^One fixed host/ }).check();
  await expect(dialog.getByRole('alert')).toContainText('disables the single-use links minted so far, for good (2 not used yet)');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog).toBeHidden();

  const after = await asAdmin<{ link: { assignment: string; singleUseLinks: { totalCount: number } } }>(
    request,
    `query($id: ID!) { link(id: $id) { assignment singleUseLinks(status: DISABLED, first: 0) { totalCount } } }`,
    { id },
  );
  expect(after.link).toEqual({ assignment: 'STATIC', singleUseLinks: { totalCount: 2 } });
});
