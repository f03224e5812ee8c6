import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { barriers, demoKey, mint, openFirstFreeDay, SCREENSHOTS } from './helpers';

async function bookThroughPage(page: Page, token: string): Promise<string> {
  await page.goto(`/l/${token}`);
  await openFirstFreeDay(page);
  await page.locator('button.slot').first().click();
  await page.getByLabel('Name').fill('Bob Prospect');
  await page.getByLabel('Email').fill('bob@initech.test');
  await page.getByRole('button', { name: 'Book the meeting' }).click();
  const manage = page.getByRole('link', { name: /\/m\/m_/ });
  await expect(manage).toBeVisible();
  return (await manage.getAttribute('href')) ?? '';
}

async function api(request: APIRequestContext, query: string, variables: object): Promise<any> {
  const response = await request.post('/graphql', {
    headers: { authorization: `Bearer ${demoKey()}` },
    data: { query, variables },
  });
  return (await response.json()).data;
}

test('the invitee moves the meeting, then cancels it, from the manage link', async ({
  page,
  request,
}) => {
  const manageUrl = await bookThroughPage(page, await mint(request));
  await page.goto(manageUrl);
  await expect(page.getByRole('heading', { name: 'Intro call' })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/manage-page-desktop.png` });
  expect(await barriers(page)).toEqual([]);

  await page.getByRole('button', { name: 'Reschedule' }).click();
  await openFirstFreeDay(page);
  await page.locator('button.slot').last().click();
  await page.getByRole('button', { name: 'Move the meeting' }).click();
  await expect(page.getByRole('status')).toContainText('Moved to');

  await page.getByRole('button', { name: 'Cancel the meeting' }).click();
  await page.getByLabel('Reason').fill('Found another time');
  await page.getByRole('button', { name: 'Cancel the meeting' }).click();
  await expect(page.getByRole('status')).toHaveText('The meeting is cancelled.');
  await expect(page.getByText('This meeting was cancelled.')).toBeVisible();
  expect(await barriers(page)).toEqual([]);
});

test('after the link is archived the meeting can be cancelled, not moved', async ({
  page,
  request,
}) => {
  const created = await api(
    request,
    `mutation { createLink(input: {name: "Archived later", meetingTypeId: "TWVldGluZ1R5cGU6MQ=="}) {
       ... on LinkSaved { link { id } } } }`,
    {},
  );
  const linkId: string = created.createLink.link.id;
  const manageUrl = await bookThroughPage(page, await mint(request, null, linkId));
  await api(request, 'mutation($id: ID!) { archiveLink(input: {id: $id}) { __typename } }', {
    id: linkId,
  });

  await page.goto(manageUrl);
  await page.getByRole('button', { name: 'Reschedule' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'This meeting can no longer be moved online, only cancelled. Please contact Demo Admin',
  );
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Cancel the meeting' }).click();
  await page.getByRole('button', { name: 'Cancel the meeting' }).click();
  await expect(page.getByText('This meeting was cancelled.')).toBeVisible();
});

test('the manage page says what the link lets the invitee change, and offers only that', async ({
  page,
  request,
}) => {
  const created = await api(
    request,
    `mutation { createLink(input: {name: "Moves once", meetingTypeId: "TWVldGluZ1R5cGU6MQ==",
       changePolicy: {inviteeMayCancel: false, maxReschedules: 1}}) {
       ... on LinkSaved { link { id } } } }`,
    {},
  );
  const manageUrl = await bookThroughPage(page, await mint(request, null, created.createLink.link.id));

  await page.goto(manageUrl);
  const policy = page.getByRole('list', { name: 'What you can change' });
  await expect(policy).toHaveText('You can reschedule until 4 hours before it starts (once more).');
  await expect(page.getByRole('button', { name: 'Cancel the meeting' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Reschedule' }).click();
  await openFirstFreeDay(page);
  await page.locator('button.slot').last().click();
  await page.getByRole('button', { name: 'Move the meeting' }).click();
  await expect(page.getByRole('status')).toContainText('Moved to');

  await expect(policy).toHaveText('This meeting cannot be changed online; please contact the host.');
  await expect(page.getByRole('button', { name: 'Reschedule' })).toHaveCount(0);
  expect(await barriers(page)).toEqual([]);
});

test('a manage link that leads nowhere says so', async ({ page }) => {
  await page.goto('/m/m_nothing-here');
  await expect(page.getByRole('alert')).toContainText('This link does not lead to a meeting.');
});
