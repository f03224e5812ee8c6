import { Client, cacheExchange, fetchExchange } from 'urql';
import { persistedExchange } from '@urql/exchange-persisted';

type Hashed = { __meta__?: { hash?: string } };

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The hash GraphQL Code Generator gave the document at build time: the id under which the
 * server knows it (the build's persisted-documents.json), even when it runs only trusted
 * documents. */
export async function documentHash(query: string, document: unknown): Promise<string> {
  return (document as Hashed).__meta__?.hash ?? sha256(query);
}

/** The API of the server that served this page. Operations go by hash; queries by GET, which
 * caches may keep where the server allows it. */
export function apiClient(url = '/graphql'): Client {
  return new Client({
    url,
    exchanges: [
      cacheExchange,
      persistedExchange({
        generateHash: documentHash,
        preferGetForPersistedQueries: 'within-url-limit',
        enableForMutation: true,
      }),
      fetchExchange,
    ],
  });
}
