import type { ReportGrouping } from '../gql/graphql';

/** A date input's value: YYYY-MM-DD in the browser's zone. */
export type DateInput = string;

function inputOf(date: Date): DateInput {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function localMidnight(value: DateInput, plusDays = 0): Date {
  const [year, month, day] = value.split('-').map(Number);
  // Built from parts, not milliseconds, so a daylight-saving change inside the range cannot
  // shift a boundary off midnight.
  return new Date(year, month - 1, day + plusDays);
}

/** The days the report opens on: the last eight weeks, today included. */
export function lastEightWeeks(today = new Date()): { from: DateInput; to: DateInput } {
  const to = inputOf(today);
  return { from: inputOf(localMidnight(to, -55)), to };
}

/** [from's midnight, the midnight after `to`): both days whole, in the browser's zone; null
 * until both days are chosen. */
export function rangeOf(from: DateInput, to: DateInput): { from: string; to: string } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return null;
  return { from: localMidnight(from).toISOString(), to: localMidnight(to, 1).toISOString() };
}

/** The server's spreadsheet of the single-use link report; the session cookie signs it in. */
export function singleUseCsvAddress(range: { from: string; to: string }, groupBy: ReportGrouping): string {
  const query = new URLSearchParams({ from: range.from, to: range.to, groupBy });
  return `/reports/single-use-links.csv?${query.toString()}`;
}
