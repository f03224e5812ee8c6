import { useState } from 'react';
import { useQuery } from 'urql';
import type { AdminReportsQuery, ReportGrouping } from '../gql/graphql';
import { ConsoleLink } from '../ConsoleLink';
import { Field, Notice, refusalOf } from '../Feedback';
import { AdminReportsQuery as ReportsDocument } from './operations';
import { GROUPINGS, groupingOf } from './figures';
import { lastEightWeeks, rangeOf, singleUseCsvAddress } from './reportRange';
import { BookingTable } from './BookingReport';
import { SingleUseLinkReport } from './SingleUseLinkReport';

type Reports = Extract<AdminReportsQuery['reports'], { __typename: 'Reports' }>;
type Refusal = Extract<Reports['singleUseLinks'], { __typename: 'InvalidInput' }>;

const RANGE_FIELDS: Record<string, 'from' | 'to'> = { 'range.from': 'from', 'range.to': 'to' };

/** The range's refusal, if either report refused it: by field where it names From or To. */
function refusalOfRange(reports: Reports | undefined): { message: string | null; from?: string; to?: string } {
  const refused: Refusal | undefined = [reports?.singleUseLinks, reports?.bookings].find(
    (result): result is Refusal => result?.__typename === 'InvalidInput',
  );
  if (refused === undefined) return { message: null };
  const { message, fields } = refusalOf(refused);
  const shown: { message: string | null; from?: string; to?: string } = { message: null };
  for (const [field, text] of Object.entries(fields)) {
    const input = RANGE_FIELDS[field];
    if (input === undefined) shown.message = `${field}: ${text}`;
    else shown[input] = text;
  }
  if (shown.from === undefined && shown.to === undefined && shown.message === null) shown.message = message;
  return shown;
}

/** How single-use links did over a date range, and the meetings booked in it, grouped by
 * week, day, owner or link; the single-use figures download as a spreadsheet. */
export function ReportsScreen() {
  const [dates, setDates] = useState(lastEightWeeks);
  const [groupBy, setGroupBy] = useState<ReportGrouping>('WEEK');
  const range = rangeOf(dates.from, dates.to);
  const [{ data, fetching, error }] = useQuery({
    query: ReportsDocument,
    variables: { range: range ?? { from: '', to: '' }, groupBy },
    pause: range === null,
    requestPolicy: 'cache-and-network',
  });
  const result = data?.reports;
  const reports = result?.__typename === 'Reports' ? result : undefined;
  const refused = refusalOfRange(reports);
  const grouping = groupingOf(groupBy);
  const missing = 'Choose a date to see the reports.';

  return (
    <section aria-labelledby="reports-title">
      <div className="screen-head">
        <h1 id="reports-title">Reports</h1>
        {range !== null && refused.message === null && refused.from === undefined && refused.to === undefined ? (
          <a className="button secondary" href={singleUseCsvAddress(range, groupBy)} download>
            Download CSV
          </a>
        ) : null}
      </div>
      <p className="hint">
        Single-use links minted in the range, counted by what became of them, and the meetings booked in it. Each refused attempt
        to reuse a link is listed under <ConsoleLink to="/app/blocked">Blocked follow-ups</ConsoleLink>.
      </p>
      <form className="filters report-settings" aria-label="Report settings" onSubmit={(event) => event.preventDefault()}>
        <Field label="From" error={dates.from === '' ? missing : refused.from}>
          {(describedBy) => (
            <input
              type="date"
              value={dates.from}
              aria-describedby={describedBy}
              aria-invalid={describedBy !== undefined}
              onChange={(event) => setDates((was) => ({ ...was, from: event.target.value }))}
            />
          )}
        </Field>
        <Field label="To" error={dates.to === '' ? missing : refused.to}>
          {(describedBy) => (
            <input
              type="date"
              value={dates.to}
              aria-describedby={describedBy}
              aria-invalid={describedBy !== undefined}
              onChange={(event) => setDates((was) => ({ ...was, to: event.target.value }))}
            />
          )}
        </Field>
        <Field label="Group">
          {() => (
            <select value={groupBy} onChange={(event) => setGroupBy(event.target.value as ReportGrouping)}>
              {GROUPINGS.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      <Notice message={refused.message} />
      {result?.__typename === 'Forbidden' ? <Notice message={result.message} /> : null}
      {error !== undefined ? <Notice message="The reports could not be loaded. Reload the page to try again." /> : null}
      {fetching && data === undefined ? <p className="hint">Loading…</p> : null}
      <div className="report" aria-busy={fetching}>
        {reports?.singleUseLinks.__typename === 'SingleUseLinkReport' ? (
          <SingleUseLinkReport rows={reports.singleUseLinks.rows} groupBy={groupBy} />
        ) : null}
        {reports?.bookings.__typename === 'BookingReport' ? (
          <BookingTable rows={reports.bookings.rows} groupBy={groupBy} noun={grouping.noun} />
        ) : null}
      </div>
    </section>
  );
}
