import { inject } from 'vitest';

/** Data made through plain HTTP, the way any other caller would make it. */

export const DEMO_LINK_ID = 'TGluazox';
const DEMO_LINK_KEY = 'demo-organization/intro';

type Answer = { data?: Record<string, any>; errors?: { message: string }[] };

export async function call(
  query: string,
  variables: Record<string, unknown> = {},
  key: string | null = inject('adminKey'),
): Promise<Record<string, any>> {
  const response = await fetch(inject('api'), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
    },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json()) as Answer;
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data ?? {};
}

/** A start time still free: the last one offered in the next 60 days. */
export async function freeStart(): Promise<string> {
  const now = new Date();
  const data = await call(
    `query($key: String!, $from: DateTime!, $to: DateTime!) { publicLink(key: $key) {
      ... on PublicLink { availableSlots(from: $from, to: $to) { ... on AvailableSlots { slots } } } } }`,
    {
      key: DEMO_LINK_KEY,
      from: now.toISOString(),
      to: new Date(now.getTime() + 60 * 86_400_000).toISOString(),
    },
    null,
  );
  const slots: string[] = data.publicLink.availableSlots.slots;
  return slots[slots.length - 1];
}

export async function mint(): Promise<{ id: string; token: string }> {
  const data = await call(
    `mutation($link: ID!) { createSingleUseLink(input: {linkId: $link, label: "client test"}) {
      ... on SingleUseLinkCreated { token singleUseLink { id } } } }`,
    { link: DEMO_LINK_ID },
  );
  const created = data.createSingleUseLink;
  return { id: created.singleUseLink.id, token: created.token };
}

export const INVITEE = { name: 'Casey Client', email: 'casey@client.example', timeZone: 'UTC' };

/** An invitee's booking through the link's own address. */
export async function bookAnonymously(): Promise<{ manageToken: string; bookingId: string }> {
  const data = await call(
    `mutation($input: BookMeetingInput!) { bookMeeting(input: $input) {
      __typename ... on BookingConfirmed { manageToken booking { id } } } }`,
    { input: { key: DEMO_LINK_KEY, start: await freeStart(), invitee: INVITEE } },
    null,
  );
  const confirmed = data.bookMeeting;
  if (confirmed.__typename !== 'BookingConfirmed') throw new Error(JSON.stringify(confirmed));
  const [, pk] = Buffer.from(confirmed.booking.id, 'base64').toString().split(':');
  return {
    manageToken: confirmed.manageToken,
    bookingId: Buffer.from(`Booking:${pk}`).toString('base64'),
  };
}

/** fetch, with a log of what each request sent: the operation's text, or only its hash. */
export function recordingFetch(): { fetch: typeof fetch; sent: { query: boolean; hash: boolean }[] } {
  const sent: { query: boolean; hash: boolean }[] = [];
  const recording: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    let body: Record<string, unknown> = {};
    if (init?.body && typeof init.body === 'string') body = JSON.parse(init.body);
    else if (url.searchParams.size > 0) body = Object.fromEntries(url.searchParams);
    sent.push({ query: typeof body.query === 'string', hash: JSON.stringify(body.extensions ?? '').includes('sha256Hash') });
    return fetch(input, init);
  };
  return { fetch: recording, sent };
}
