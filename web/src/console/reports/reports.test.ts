import { describe, expect, it } from 'vitest';
import type { RefusalReason } from '../gql/graphql';
import { durationOf, groupName, inReadingOrder } from './figures';
import { allRefused, type PageReader, type RefusedAttempt } from './refusedAttempts';
import { lastEightWeeks, rangeOf, singleUseCsvAddress } from './reportRange';

/** A log of attempts with these reasons, newest first, read as the API pages it. */
function logOf(reasons: RefusalReason[]): { read: PageReader; reads: number[] } {
  const reads: number[] = [];
  const edges = reasons.map((reason, index) => ({
    __typename: 'RefusedAttemptEdge' as const,
    cursor: `c${index}`,
    node: { id: `a${index}`, reason } as RefusedAttempt,
  }));
  const read: PageReader = async (first, after) => {
    reads.push(first);
    const start = after === null ? 0 : Number(after.slice(1)) + 1;
    const page = edges.slice(start, start + first);
    return {
      __typename: 'RefusedAttemptConnection',
      totalCount: edges.length,
      pageInfo: { __typename: 'PageInfo', hasNextPage: start + first < edges.length, endCursor: page.at(-1)?.cursor ?? null },
      edges: page,
    };
  };
  return { read, reads };
}

describe('allRefused', () => {
  it('reads a hundred at a time until the last page', async () => {
    const { read, reads } = logOf(Array<RefusalReason>(250).fill('USED'));
    const all = await allRefused(read, 5_000);
    expect(all?.attempts).toHaveLength(250);
    expect(all?.complete).toBe(true);
    expect(reads).toEqual([100, 100, 100]);
  });

  it('stops at the limit and says the export is not complete', async () => {
    const { read, reads } = logOf(Array<RefusalReason>(450).fill('EXPIRED'));
    const all = await allRefused(read, 200);
    expect(all?.attempts).toHaveLength(200);
    expect(all?.complete).toBe(false);
    expect(reads).toHaveLength(2);
  });

  it('fails as a whole when a read fails', async () => {
    expect(await allRefused(async () => null, 100)).toBeNull();
  });
});

describe('report ranges', () => {
  it('opens on the last eight weeks, today included', () => {
    expect(lastEightWeeks(new Date(2025, 2, 31, 15, 0))).toEqual({ from: '2025-02-04', to: '2025-03-31' });
  });

  it('covers both days whole: from midnight to the midnight after the last day', () => {
    const range = rangeOf('2025-03-01', '2025-03-02');
    expect(range).toEqual({ from: new Date(2025, 2, 1).toISOString(), to: new Date(2025, 2, 3).toISOString() });
    expect(rangeOf('', '2025-03-02')).toBeNull();
  });

  it('addresses the CSV with the parameters the server reads', () => {
    const address = singleUseCsvAddress({ from: '2025-03-01T00:00:00.000Z', to: '2025-03-03T00:00:00.000Z' }, 'LINK');
    const query = new URL(address, 'http://x').searchParams;
    expect(address.startsWith('/reports/single-use-links.csv?')).toBe(true);
    expect(Object.fromEntries(query)).toEqual({ from: '2025-03-01T00:00:00.000Z', to: '2025-03-03T00:00:00.000Z', groupBy: 'LINK' });
  });
});

describe('figures', () => {
  it('reads durations in the largest sensible units', () => {
    expect([durationOf(null), durationOf(42.4), durationOf(60), durationOf(185), durationOf(3000)]).toEqual(['—', '42 min', '1 h', '3 h 5 min', '2 d 2 h']);
  });

  it('names weeks by their Monday and keeps people by name', () => {
    expect(groupName('WEEK', { key: '2025-03-03', label: '2025-03-03' })).toMatch(/^Week of /);
    expect(groupName('OWNER', { key: 'VXNlcjox', label: 'Demo Admin' })).toBe('Demo Admin');
    const rows = [{ key: '2', label: 'Zoe' }, { key: '1', label: 'Ann' }];
    expect(inReadingOrder('OWNER', rows).map((row) => row.label)).toEqual(['Ann', 'Zoe']);
    expect(inReadingOrder('DAY', rows).map((row) => row.key)).toEqual(['1', '2']);
  });
});
