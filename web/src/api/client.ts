import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { persistedExchange } from '@urql/exchange-persisted';
import { type Client as SocketClient, createClient as createSocketClient } from 'graphql-ws';
import { Client, cacheExchange, fetchExchange, mapExchange } from 'urql';

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
 * caches may keep where the server allows it. `onUnauthenticated` hears of every 401: a
 * session that ended. */
export function apiClient(url = '/graphql', onUnauthenticated?: () => void): Client {
  return new Client({
    url,
    exchanges: [
      mapExchange({
        onError(error) {
          if (error.response?.status === 401) onUnauthenticated?.();
        },
      }),
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

/** The same origin's API, as ws:// or wss://. */
function socketUrl(url: string): string {
  const absolute = new URL(url, window.location.href);
  absolute.protocol = absolute.protocol === 'https:' ? 'wss:' : 'ws:';
  return absolute.href;
}

let sockets: SocketClient | null = null;

/** Subscribes over the page's one WebSocket (opened with the first subscription, closed after
 * the last), naming the document by its hash as the other operations do; returns what stops
 * it. */
export function subscribe<Result, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  onResult: (result: Result) => void,
  url = '/graphql',
): () => void {
  sockets ??= createSocketClient({ url: socketUrl(url), lazy: true, retryAttempts: 5 });
  const client = sockets;
  let stop: (() => void) | null = null;
  let stopped = false;
  void documentHash('', document).then((hash) => {
    if (stopped) return;
    stop = client.subscribe<Result>(
      {
        query: '', // the server knows the document by its hash
        variables,
        extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
      },
      {
        next: (message) => {
          if (message.data) onResult(message.data as Result);
        },
        error: () => {},
        complete: () => {},
      },
    );
  });
  return () => {
    stopped = true;
    stop?.();
  };
}
