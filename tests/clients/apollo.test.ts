import {
  ApolloClient,
  ApolloLink,
  HttpLink,
  InMemoryCache,
  gql,
  type TypedDocumentNode,
} from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { createHash } from 'node:crypto';
import { describe, expect, inject, test } from 'vitest';
import { BOOK, CANCEL, CHILDREN, MANAGED, MEETINGS } from './documents';
import introspected from './generated/possible-types';
import {
  bookAnonymously,
  DEMO_LINK_ID,
  freeStart,
  INVITEE,
  mint,
  recordingFetch,
} from './fixtures';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function apollo(options: { key?: string; persisted?: boolean } = {}) {
  const recording = recordingFetch();
  const http = new HttpLink({
    uri: inject('api'),
    fetch: recording.fetch,
    headers: options.key ? { authorization: `Bearer ${options.key}` } : {},
  });
  const link = options.persisted
    ? ApolloLink.from([new PersistedQueryLink({ sha256, useGETForHashedQueries: true }), http])
    : http;
  const client = new ApolloClient({
    link,
    cache: new InMemoryCache({ possibleTypes: introspected.possibleTypes }),
  });
  return { client, sent: recording.sent };
}

type PublicLinkAnswer = { publicLink: { __typename: string; title?: string; message?: string } };

describe('Apollo Client 4, InMemoryCache with generated possibleTypes', () => {
  test("an owner's cancel shows in the cached meeting log without a refetch", async () => {
    const { bookingId } = await bookAnonymously();
    const { client, sent } = apollo({ key: inject('adminKey') });
    await client.query({ query: MEETINGS });
    const row = () =>
      client
        .readQuery<{ meetingLogs: { edges: { node: { id: string; status: string } }[] } }>({
          query: MEETINGS,
        })
        ?.meetingLogs.edges.find((edge) => edge.node.id === bookingId)?.node;
    expect(row()?.status).toBe('CONFIRMED');

    const result = await client.mutate({ mutation: CANCEL, variables: { input: { bookingId } } });

    expect(result.data).toMatchObject({ cancelBooking: { __typename: 'BookingCancelled' } });
    expect(row()?.status).toBe('CANCELLED');
    expect(sent).toHaveLength(2);
  });

  test("a booking through a single-use link shows it USED in the owner's cached list", async () => {
    const child = await mint();
    const { client, sent } = apollo({ key: inject('adminKey') });
    await client.query({ query: CHILDREN, variables: { id: DEMO_LINK_ID } });
    const status = () =>
      client
        .readQuery<{
          link: { singleUseLinks: { edges: { node: { id: string; status: string } }[] } };
        }>({ query: CHILDREN, variables: { id: DEMO_LINK_ID } })
        ?.link.singleUseLinks.edges.find((edge) => edge.node.id === child.id)?.node.status;
    expect(status()).toBe('ACTIVE');

    await client.mutate({
      mutation: BOOK,
      variables: { input: { key: child.token, start: await freeStart(), invitee: INVITEE } },
    });

    expect(status()).toBe('USED');
    expect(sent).toHaveLength(2);
  });

  test("the invitee's cancel shows in their cached booking, under its own id", async () => {
    const { manageToken, bookingId } = await bookAnonymously();
    const { client } = apollo();
    const first = await client.query({ query: MANAGED, variables: { token: manageToken } });
    expect(first.data?.managedBooking?.status).toBe('CONFIRMED');
    expect(first.data?.managedBooking?.id).not.toBe(bookingId);

    await client.mutate({ mutation: CANCEL, variables: { input: { manageToken } } });

    const cached = client.readQuery({ query: MANAGED, variables: { token: manageToken } });
    expect(cached?.managedBooking?.status).toBe('CANCELLED');
  });

  test('persisted queries: one round trip with the text, then the hash alone, by GET', async () => {
    const query = gql`
      query ApolloPersisted($key: String!) {
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
    const first = apollo({ persisted: true });
    const answer = await first.client.query({
      query,
      variables: { key: 'demo-organization/intro' },
    });
    expect(answer.data).toMatchObject({ publicLink: { __typename: 'PublicLink' } });
    expect(first.sent.map((each) => each.query)).toEqual([false, true]);

    const second = apollo({ persisted: true });
    await second.client.query({ query, variables: { key: 'demo-organization/intro' } });
    expect(second.sent).toEqual([{ query: false, hash: true }]);
  });

  test('an unknown key answers a union member matched through the Error interface', async () => {
    const { client } = apollo();
    const query: TypedDocumentNode<PublicLinkAnswer, { key: string }> = gql`
      query Unknown($key: String!) {
        publicLink(key: $key) {
          __typename
          ... on Error {
            message
          }
        }
      }
    `;
    const answer = await client.query({ query, variables: { key: 'demo-organization/nope' } });
    expect(answer.data?.publicLink.__typename).toBe('LinkUnavailable');
    const cached = client.readQuery({ query, variables: { key: 'demo-organization/nope' } });
    expect(cached?.publicLink.message).toMatch(/./);
  });
});
