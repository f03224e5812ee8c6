import { useClient } from 'urql';
import type { RefusalReason, RefusedAttemptFilter, RefusedAttemptsLogQuery } from '../gql/graphql';
import type { PageReader } from '../pages';
import { RefusedAttemptsLogQuery as LogDocument } from './operations';

export type RefusedAttempt = RefusedAttemptsLogQuery['refusedAttempts']['edges'][number]['node'];

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

/** The attempts of `filter` a hundred at a time, newest first, as the signed-in person reads
 * them; never from the cache: attempts keep arriving. */
export function usePageReader(filter: RefusedAttemptFilter): PageReader<RefusedAttempt> {
  const client = useClient();
  return async (after) => {
    const result = await client
      .query(LogDocument, { filter, first: 100, after }, { requestPolicy: 'network-only' })
      .toPromise();
    return result.data?.refusedAttempts ?? null;
  };
}
