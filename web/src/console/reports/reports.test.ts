import { describe, expect, it } from 'vitest';
import { durationOf, groupName, inReadingOrder } from './figures';
import { lastEightWeeks, rangeOf, singleUseCsvAddress } from './reportRange';

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
