/**
 * Dates for the booking page. The API answers slots as ISO instants with the offset of the
 * zone asked for ("2026-12-07T09:00:00+01:00"), so a slot's first ten characters are its
 * day in that zone and characters 11-16 its wall-clock time: no time zone arithmetic here.
 */

export interface Month {
  year: number;
  /** 1-12 */
  month: number;
}

/** Today's month in `timeZone`. */
export function monthOf(now: Date, timeZone: string): Month {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(now);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return { year: value('year'), month: value('month') };
}

export function nextMonth({ year, month }: Month): Month {
  return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
}

export function previousMonth({ year, month }: Month): Month {
  return month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
}

const pad = (value: number) => String(value).padStart(2, '0');

export function dayKey(year: number, month: number, day: number): string {
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * The instants to ask slots for so that every day of the month in any zone is covered
 * (zones lie within 14 hours of UTC); days outside the month are dropped by `slotsByDay`.
 */
export function monthRange({ year, month }: Month): { from: string; to: string } {
  const start = Date.UTC(year, month - 1, 1) - 14 * 3600_000;
  const end = Date.UTC(year, month, 1) + 14 * 3600_000;
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

/** Slots grouped by their day in the zone they were asked in, keeping only `month`. */
export function slotsByDay(slots: readonly string[], { year, month }: Month): Map<string, string[]> {
  const prefix = `${year}-${pad(month)}-`;
  const days = new Map<string, string[]>();
  for (const slot of slots) {
    const day = slot.slice(0, 10);
    if (!day.startsWith(prefix)) continue;
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  return days;
}

/** "09:30" of a slot, in the zone it was asked in. */
export function wallClock(slot: string): string {
  return slot.slice(11, 16);
}

/** The month's days as weeks (Monday first), `null` for the padding before day 1. */
export function calendarWeeks({ year, month }: Month): (number | null)[][] {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const cells: (number | null)[] = Array((first + 6) % 7).fill(null);
  for (let day = 1; day <= length; day += 1) cells.push(day);
  const weeks: (number | null)[][] = [];
  for (let index = 0; index < cells.length; index += 7) weeks.push(cells.slice(index, index + 7));
  return weeks;
}

export function monthTitle({ year, month }: Month, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
}

/** "Monday, 7 December 2026" of a day key. */
export function longDay(day: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** An instant, said in `timeZone`: "Monday, 7 December 2026 at 09:00 CET". */
export function instantIn(instant: string, timeZone: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(instant));
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
