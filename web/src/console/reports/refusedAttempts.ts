import { useClient } from 'urql';
import type { RefusalReason, RefusedAttemptFilter, RefusedAttemptsLogQuery } from '../gql/graphql';
import { RefusedAttemptsLogQuery as LogDocument } from './operations';

type Connection = RefusedAttemptsLogQuery['refusedAttempts'];
export type RefusedAttempt = Connection['edges'][number]['node'];

/** One read of the API: `first` attempts after `after`, newest first; null when it failed. */
export type PageReader = (first: number, after: string | null) => Promise<Connection | null>;

export const REASONS: { value: RefusalReason; name: string }[] = [
  { value: 'USED', name: 'Already used' },
  { value: 'EXPIRED', name: 'Expired' },
  { value: 'REVOKED', name: 'Revoked' },
  { value: 'DISABLED', name: 'Link disabled' },
  { value: 'NOT_INVITEE', name: 'Not the invitee' },
];

export function reasonName(reason: RefusalReason): string {
  return REASONS.find((entry) => entry.value === reason)?.name ?? reason;
}

/** Every attempt of `filter`, newest first, read a hundred at a time, up to `limit`; null when
 * a read failed. */
export async function allRefused(
  read: PageReader,
  limit: number,
): Promise<{ attempts: RefusedAttempt[]; complete: boolean } | null> {
  const attempts: RefusedAttempt[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await read(100, after);
    if (page === null) return null;
    attempts.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return { attempts, complete: true };
    if (attempts.length >= limit) return { attempts, complete: false };
    after = page.pageInfo.endCursor ?? null;
  }
}

/** Reads the API as the signed-in person, never from the cache: attempts keep arriving. */
export function usePageReader(filter: RefusedAttemptFilter): PageReader {
  const client = useClient();
  return async (first, after) => {
    const result = await client.query(LogDocument, { filter, first, after }, { requestPolicy: 'network-only' }).toPromise();
    return result.data?.refusedAttempts ?? null;
  };
}
