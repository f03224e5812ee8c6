import { Client, fetchExchange, gql } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { persistedExchange } from '@urql/exchange-persisted';
import { describe, expect, inject, test } from 'vitest';
import { BOOK, CANCEL, CHILDREN, MANAGED, MEETINGS, type Row } from './documents';
import schema from './generated/introspection';
import {
  bookAnonymously,
  DEMO_LINK_ID,
  freeStart,
  INVITEE,
  mint,
  recordingFetch,
} from './fixtures';

// Types without an id (payloads, connections, edges) live inside their parent: say so, or
// graphcache warns about each.
const embedded = Object.fromEntries(
  schema.__schema.types
    .filter((type) => type.kind === 'OBJECT' && !type.fields.some((field) => field.name === 'id'))
    .map((type) => [type.name, () => null]),
);

function urql(options: { key?: string; persisted?: boolean } = {}) {
  const recording = recordingFetch();
  const client = new Client({
    url: inject('api'),
    fetch: recording.fetch,
    fetchOptions: options.key ? { headers: { authorization: `Bearer ${options.key}` } } : {},
    exchanges: [
      cacheExchange({ schema, keys: embedded }),
      ...(options.persisted ? [persistedExchange({ preferGetForPersistedQueries: true })] : []),
      fetchExchange,
    ],
  });
  return { client, sent: recording.sent };
}


describe('urql 6 with graphcache and the generated schema', () => {
  test("an owner's cancel shows in the cached meeting log without a refetch", async () => {
    const { bookingId } = await bookAnonymously();
    const { client, sent } = urql({ key: inject('adminKey') });
    await client.query(MEETINGS, {}).toPromise();
    const row = () =>
      (
        client.readQuery(MEETINGS, {}, { requestPolicy: 'cache-only' })?.data as {
          meetingLogs: { edges: { node: Row }[] };
        }
      ).meetingLogs.edges.find((edge) => edge.node.id === bookingId)?.node;
    expect(row()?.status).toBe('CONFIRMED');

    const result = await client.mutation(CANCEL, { input: { bookingId } }).toPromise();

    expect(result.data).toMatchObject({ cancelBooking: { __typename: 'BookingCancelled' } });
    expect(row()?.status).toBe('CANCELLED');
    expect(sent).toHaveLength(2);
  });

  test("a booking through a single-use link shows it USED in the owner's cached list", async () => {
    const child = await mint();
    const { client, sent } = urql({ key: inject('adminKey') });
    await client.query(CHILDREN, { id: DEMO_LINK_ID }).toPromise();
    const status = () =>
      (
        client.readQuery(CHILDREN, { id: DEMO_LINK_ID }, { requestPolicy: 'cache-only' })
          ?.data as { link: { singleUseLinks: { edges: { node: Row }[] } } }
      ).link.singleUseLinks.edges.find((edge) => edge.node.id === child.id)?.node.status;
    expect(status()).toBe('ACTIVE');

    await client
      .mutation(BOOK, { input: { key: child.token, start: await freeStart(), invitee: INVITEE } })
      .toPromise();

    expect(status()).toBe('USED');
    expect(sent).toHaveLength(2);
  });

  test("the invitee's cancel shows in their cached booking, under its own id", async () => {
    const { manageToken, bookingId } = await bookAnonymously();
    const { client } = urql();
    const first = await client.query(MANAGED, { token: manageToken }).toPromise();
    expect(first.data?.managedBooking?.status).toBe('CONFIRMED');
    expect(first.data?.managedBooking?.id).not.toBe(bookingId);

    await client.mutation(CANCEL, { input: { manageToken } }).toPromise();

    const cached = client.readQuery(MANAGED, { token: manageToken }, { requestPolicy: 'cache-only' });
    expect(cached?.data?.managedBooking?.status).toBe('CANCELLED');
  });

  test('persisted queries: one round trip with the text, then the hash alone, by GET', async () => {
    const query = gql`
      query UrqlPersisted($key: String!) {
        publicLink(key: $key) {
          __typename
          ... on PublicLink {
            title
          }
          ... on Error {
            message
          }
        }
      }
    `;
    const first = urql({ persisted: true });
    const answer = await first.client.query(query, { key: 'demo-organization/intro' }).toPromise();
    expect(answer.error).toBeUndefined();
    expect(answer.data).toMatchObject({ publicLink: { __typename: 'PublicLink' } });
    expect(first.sent.map((each) => each.query)).toEqual([false, true]);

    const second = urql({ persisted: true });
    await second.client.query(query, { key: 'demo-organization/intro' }).toPromise();
    expect(second.sent).toEqual([{ query: false, hash: true }]);
  });
});
