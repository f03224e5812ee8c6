import type { ReportGrouping } from '../gql/graphql';

export const GROUPINGS: { value: ReportGrouping; label: string; noun: string; plural: string }[] = [
  { value: 'WEEK', label: 'By week', noun: 'Week', plural: 'weeks' },
  { value: 'DAY', label: 'By day', noun: 'Day', plural: 'days' },
  { value: 'OWNER', label: 'By owner', noun: 'Owner', plural: 'owners' },
  { value: 'LINK', label: 'By link', noun: 'Link', plural: 'links' },
];

export function groupingOf(value: ReportGrouping) {
  return GROUPINGS.find((grouping) => grouping.value === value) ?? GROUPINGS[0];
}

// Days and weeks are keyed by their UTC date (a week by its Monday): read them in UTC too.
const weekStart = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dayName = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A group's name as a person reads it. */
export function groupName(groupBy: ReportGrouping, row: { key: string; label: string }): string {
  if (groupBy !== 'WEEK' && groupBy !== 'DAY') return row.label;
  const date = new Date(`${row.key}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return row.label;
  return groupBy === 'WEEK' ? `Week of ${weekStart.format(date)}` : dayName.format(date);
}

/** Dates in order; people and links by name. */
export function inReadingOrder<Row extends { key: string; label: string }>(groupBy: ReportGrouping, rows: readonly Row[]): Row[] {
  const byDate = groupBy === 'WEEK' || groupBy === 'DAY';
  return [...rows].sort((a, b) => (byDate ? a.key.localeCompare(b.key) : a.label.localeCompare(b.label)));
}

export function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

/** 42 min, 3 h 5 min, 2 d 4 h: the median time from minting to booking. */
export function durationOf(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return '—';
  const whole = Math.round(minutes);
  if (whole < 60) return `${whole} min`;
  const hours = Math.floor(whole / 60);
  if (hours < 24) return whole % 60 === 0 ? `${hours} h` : `${hours} h ${whole % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** Column sums of the numeric fields named. */
export function sums<Row, Key extends keyof Row>(rows: readonly Row[], keys: readonly Key[]): Record<Key, number> {
  const total = {} as Record<Key, number>;
  for (const key of keys) total[key] = rows.reduce<number>((sum, row) => sum + Number(row[key]), 0);
  return total;
}
