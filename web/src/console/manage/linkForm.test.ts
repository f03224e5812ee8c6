import { describe, expect, it } from 'vitest';
import { changesOf, formOf, localOfInstant, type ManagedLink } from './linkForm';

const LINK: ManagedLink = {
  __typename: 'Link',
  id: 'TGluazo5',
  name: 'Demo',
  slug: 'demo',
  url: 'http://example.test/org/demo',
  status: 'ACTIVE',
  active: true,
  managed: false,
  bookableBy: 'ANYONE',
  assignment: 'ROUND_ROBIN',
  expiresAt: '2031-03-04T05:06:00+00:00',
  startsBefore: null,
  minimumNoticeMinutes: 60,
  bookingHorizonDays: 30,
  slotIntervalMinutes: 15,
  changePolicy: {
    __typename: 'ChangePolicy',
    inviteeMayReschedule: true,
    inviteeMayCancel: true,
    rescheduleNoticeMinutes: 60,
    cancelNoticeMinutes: 60,
    maxReschedules: null,
  },
  owner: { __typename: 'User', id: 'u1', name: 'Ada' },
  hosts: [
    { __typename: 'User', id: 'u1', name: 'Ada' },
    { __typename: 'User', id: 'u2', name: 'Bo' },
  ],
  meetingType: { __typename: 'MeetingType', id: 'm1', name: 'Intro', durationMinutes: 30 },
  allSingleUse: { __typename: 'SingleUseLinkConnection', totalCount: 0 },
  activeSingleUse: { __typename: 'SingleUseLinkConnection', totalCount: 0 },
  usedSingleUse: { __typename: 'SingleUseLinkConnection', totalCount: 0 },
};

describe('changesOf', () => {
  it('sends a change of who attends', () => {
    expect(changesOf(LINK, { ...formOf(LINK), assignment: 'STATIC' }).changes).toEqual({ assignment: 'STATIC' });
  });

  it('sends nothing for an untouched form', () => {
    expect(changesOf(LINK, formOf(LINK))).toEqual({ changes: {}, errors: {} });
  });

  it('sends only the fields changed', () => {
    const form = { ...formOf(LINK), name: 'Renamed', bookableBy: 'SINGLE_USE_ONLY' as const, bookingHorizonDays: '60' };
    expect(changesOf(LINK, form).changes).toEqual({ name: 'Renamed', bookableBy: 'SINGLE_USE_ONLY', bookingHorizonDays: 60 });
  });

  it('clears an emptied expiry with its flag, and sends a new start cutoff as an instant', () => {
    const form = { ...formOf(LINK), expiresAt: '', startsBefore: '2032-01-02T03:04' };
    expect(changesOf(LINK, form).changes).toEqual({
      clearExpiry: true,
      startsBefore: new Date('2032-01-02T03:04').toISOString(),
    });
  });

  it('treats hosts as a set', () => {
    expect(changesOf(LINK, { ...formOf(LINK), hostIds: ['u2', 'u1'] }).changes).toEqual({});
    expect(changesOf(LINK, { ...formOf(LINK), hostIds: ['u2'] }).changes).toEqual({ hostIds: ['u2'] });
  });

  it('sends an emptied notice or limit as null, and only changed policy fields', () => {
    const form = { ...formOf(LINK), cancelNoticeMinutes: '', maxReschedules: '2', inviteeMayCancel: false };
    expect(changesOf(LINK, form).changes).toEqual({
      changePolicy: { inviteeMayCancel: false, cancelNoticeMinutes: null, maxReschedules: 2 },
    });
  });

  it('refuses numbers that are not whole, by field', () => {
    const form = { ...formOf(LINK), slotIntervalMinutes: '7.5', rescheduleNoticeMinutes: 'soon' };
    expect(changesOf(LINK, form)).toEqual({
      changes: {},
      errors: { slotIntervalMinutes: 'enter a whole number', 'changePolicy.rescheduleNoticeMinutes': 'enter a whole number' },
    });
  });
});

describe('localOfInstant', () => {
  it('shows an instant as a datetime-local value that reads back as the same instant', () => {
    const local = localOfInstant('2031-03-04T05:06:00Z');
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(new Date(local).toISOString()).toBe('2031-03-04T05:06:00.000Z');
    expect(localOfInstant(null)).toBe('');
  });
});
