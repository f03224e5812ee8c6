import { describe, expect, it } from 'vitest';
import {
  calendarWeeks,
  instantIn,
  monthOf,
  monthRange,
  nextMonth,
  previousMonth,
  slotsByDay,
  wallClock,
} from './time';

describe('months', () => {
  it('is the month of the zone, not of UTC', () => {
    const newYearInTokyo = new Date('2026-12-31T16:00:00Z');
    expect(monthOf(newYearInTokyo, 'Asia/Tokyo')).toEqual({ year: 2027, month: 1 });
    expect(monthOf(newYearInTokyo, 'America/New_York')).toEqual({ year: 2026, month: 12 });
  });

  it('steps across years', () => {
    expect(nextMonth({ year: 2026, month: 12 })).toEqual({ year: 2027, month: 1 });
    expect(previousMonth({ year: 2027, month: 1 })).toEqual({ year: 2026, month: 12 });
  });

  it('asks for enough to cover every zone', () => {
    expect(monthRange({ year: 2026, month: 12 })).toEqual({
      from: '2026-11-30T10:00:00.000Z',
      to: '2027-01-01T14:00:00.000Z',
    });
  });

  it('lays December 2026 out from Monday, the 1st being a Tuesday', () => {
    const weeks = calendarWeeks({ year: 2026, month: 12 });
    expect(weeks[0]).toEqual([null, 1, 2, 3, 4, 5, 6]);
    expect(weeks.at(-1)).toEqual([28, 29, 30, 31]);
  });
});

describe('slots', () => {
  const slots = [
    '2026-11-30T23:30:00-05:00',
    '2026-12-07T09:00:00-05:00',
    '2026-12-07T09:30:00-05:00',
    '2026-12-08T10:00:00-05:00',
    '2027-01-01T09:00:00-05:00',
  ];

  it('are grouped by their day in the zone they were asked in, this month only', () => {
    expect([...slotsByDay(slots, { year: 2026, month: 12 })]).toEqual([
      ['2026-12-07', ['2026-12-07T09:00:00-05:00', '2026-12-07T09:30:00-05:00']],
      ['2026-12-08', ['2026-12-08T10:00:00-05:00']],
    ]);
  });

  it('show their wall-clock time', () => {
    expect(wallClock('2026-12-07T09:30:00-05:00')).toBe('09:30');
  });
});

describe('instants', () => {
  it('are said in the zone asked for, with its name', () => {
    const said = instantIn('2026-12-07T09:00:00Z', 'Europe/Berlin', 'en-GB');
    expect(said).toContain('Monday');
    expect(said).toContain('7 December 2026');
    expect(said).toContain('10:00');
    expect(said).toContain('CET');
  });
});
