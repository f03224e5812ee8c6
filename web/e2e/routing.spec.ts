import { expect, test } from '@playwright/test';
import { asAdmin } from './console-helpers';
import { pickFirstSlot } from './helpers';

const CREATE_LINK = `mutation($input: CreateLinkInput!) {
  createLink(input: $input) { __typename ... on LinkSaved { link { slug } } } }`;

test("the booking form asks the link's questions and the booking keeps the answers", async ({ page, request }) => {
  const demo = await asAdmin<{ viewer: { id: string }; link: { meetingType: { id: string } } }>(
    request,
    '{ viewer { id } link(id: "TGluazox") { meetingType { id } } }',
  );
  const made = await asAdmin<{ createLink: { link: { slug: string } } }>(request, CREATE_LINK, {
    input: {
      name: 'Routed intro',
      slug: `routed-${Date.now()}`,
      meetingTypeId: demo.link.meetingType.id,
      assignment: 'RULES',
      minimumNoticeMinutes: 0,
      questions: [
        { key: 'size', label: 'Company size', kind: 'NUMBER', required: true, minimum: 1 },
        { key: 'region', label: 'Region', kind: 'SINGLE_CHOICE', options: ['EMEA', 'Americas'] },
        { key: 'topics', label: 'Topics', kind: 'MULTIPLE_CHOICE', options: ['Pricing', 'API'] },
      ],
      routingRules: [{ question: 'region', operator: 'EQUALS', values: ['EMEA'], hostIds: [demo.viewer.id] }],
    },
  });
  await page.goto(`/demo-organization/${made.createLink.link.slug}`);
  await expect(page.getByText('With one of Demo Admin')).toBeVisible();
  await pickFirstSlot(page);
  await page.getByLabel('Name').fill('Quinn Questions');
  await page.getByLabel('Email').fill('quinn@prospect.example');
  await page.getByLabel('Region (optional)').selectOption('EMEA');
  await page.getByRole('group', { name: 'Topics (optional)' }).getByLabel('API').check();

  // Required, and at least 1: the browser holds the form back until it is
  await page.getByRole('button', { name: 'Book the meeting' }).click();
  const size = page.getByLabel('Company size');
  expect(await size.evaluate((input: HTMLInputElement) => input.validity.valueMissing)).toBe(true);
  await expect(page.getByRole('heading', { name: 'You are booked' })).toHaveCount(0);
  await size.fill('250');
  await page.getByRole('button', { name: 'Book the meeting' }).click();
  await expect(page.getByRole('heading', { name: 'You are booked' })).toBeVisible();

  const log = await asAdmin<{ meetingLogs: { edges: { node: { answers: { label: string; value: string }[] } }[] } }>(
    request,
    `{ meetingLogs(filter: {inviteeEmail: "quinn@prospect.example"}, first: 1) {
        edges { node { answers { label value } } } } }`,
  );
  expect(log.meetingLogs.edges[0].node.answers).toEqual([
    { label: 'Company size', value: '250' },
    { label: 'Region', value: 'EMEA' },
    { label: 'Topics', value: 'API' },
  ]);
});
