import type { AdminReportsQuery, ReportGrouping } from '../gql/graphql';
import { EmptyState } from '../Feedback';
import { BarChart, type Series } from './BarChart';
import { durationOf, groupingOf, groupName, inReadingOrder, percent, sums } from './figures';

type Reports = Extract<AdminReportsQuery['reports'], { __typename: 'Reports' }>;
export type SingleUseRow = Extract<Reports['singleUseLinks'], { __typename: 'SingleUseLinkReport' }>['rows'][number];

const STATUS_SERIES: (Series & { key: 'used' | 'active' | 'expired' | 'revoked' | 'disabled' })[] = [
  { key: 'used', name: 'Used', colour: '#17603a' },
  { key: 'active', name: 'Active', colour: '#1f5eff' },
  { key: 'expired', name: 'Expired', colour: '#8a93a3' },
  { key: 'revoked', name: 'Revoked', colour: '#c0392b' },
  { key: 'disabled', name: 'Disabled', colour: '#3d4452' },
];
const CONVERSION_SERIES: Series[] = [{ key: 'conversion', name: 'Conversion', colour: '#5b21b6' }];
const COUNTED = ['minted', 'used', 'active', 'expired', 'revoked', 'disabled', 'booked', 'refusedAttempts'] as const;

/** Headline figures, a chart of what became of the links minted, one of conversion, and the
 * table with every figure. */
export function SingleUseLinkReport({ rows, groupBy }: { rows: readonly SingleUseRow[]; groupBy: ReportGrouping }) {
  const grouping = groupingOf(groupBy);
  if (rows.length === 0) {
    return (
      <EmptyState title="No single-use links minted in this range">
        Mint single-use links from My links (Copy single-use link or Mint several), or choose an earlier From date.
      </EmptyState>
    );
  }
  const ordered = inReadingOrder(groupBy, rows).map((row) => ({ row, name: groupName(groupBy, row) }));
  const total = sums(rows, COUNTED);
  const conversion = total.minted === 0 ? 0 : total.booked / total.minted;
  const statusSummary = STATUS_SERIES.map((series) => `${total[series.key]} ${series.name.toLowerCase()}`).join(', ');
  const best = ordered.reduce((top, entry) => (entry.row.conversionRate > top.row.conversionRate ? entry : top), ordered[0]);
  return (
    <>
      <dl className="tiles">
        <div>
          <dt>Single-use links minted</dt>
          <dd>{total.minted}</dd>
        </div>
        <div>
          <dt>Booked through</dt>
          <dd>
            {total.booked} <span className="hint">({percent(conversion)})</span>
          </dd>
        </div>
        <div>
          <dt>Still active</dt>
          <dd>{total.active}</dd>
        </div>
        <div>
          <dt>Blocked follow-ups</dt>
          <dd>{total.refusedAttempts}</dd>
        </div>
      </dl>
      <h2>Single-use links {groupBy === 'OWNER' || groupBy === 'LINK' ? 'by' : 'per'} {grouping.noun.toLowerCase()}</h2>
      <p className="hint">Each link minted counts once, by what it is now.</p>
      <BarChart
        label={`Single-use links by ${grouping.noun.toLowerCase()}: ${total.minted} minted across ${rows.length} ${grouping.plural}; ${statusSummary}. Every figure is in the table below.`}
        series={STATUS_SERIES}
        bars={ordered.map(({ row, name }) => ({ key: row.key, label: name, values: STATUS_SERIES.map((series) => row[series.key]) }))}
        valueText={(bar) => String(bar.values.reduce((sum, value) => sum + value, 0))}
      />
      <h2>Conversion {groupBy === 'OWNER' || groupBy === 'LINK' ? 'by' : 'per'} {grouping.noun.toLowerCase()}</h2>
      <p className="hint">Links booked through at least once, out of those minted.</p>
      <BarChart
        label={`Conversion rate by ${grouping.noun.toLowerCase()}: ${percent(conversion)} overall, highest ${percent(best.row.conversionRate)} (${best.name}). Every figure is in the table below.`}
        series={CONVERSION_SERIES}
        bars={ordered.map(({ row, name }) => ({ key: row.key, label: name, values: [row.conversionRate] }))}
        max={1}
        valueText={(bar) => percent(bar.values[0])}
      />
      <table className="table figures" aria-label="Single-use links">
        <thead>
          <tr>
            <th scope="col">{grouping.noun}</th>
            <th scope="col">Minted</th>
            <th scope="col">Used</th>
            <th scope="col">Active</th>
            <th scope="col">Expired</th>
            <th scope="col">Revoked</th>
            <th scope="col">Disabled</th>
            <th scope="col">Booked</th>
            <th scope="col">Conversion</th>
            <th scope="col">Median time to booking</th>
            <th scope="col">Blocked follow-ups</th>
          </tr>
        </thead>
        <tbody>
          {ordered.map(({ row, name }) => (
            <tr key={row.key} data-testid="single-use-row">
              <th scope="row">{name}</th>
              <td>{row.minted}</td>
              <td>{row.used}</td>
              <td>{row.active}</td>
              <td>{row.expired}</td>
              <td>{row.revoked}</td>
              <td>{row.disabled}</td>
              <td>{row.booked}</td>
              <td>{percent(row.conversionRate)}</td>
              <td>{durationOf(row.medianMinutesToBooking)}</td>
              <td>{row.refusedAttempts}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td>{total.minted}</td>
            <td>{total.used}</td>
            <td>{total.active}</td>
            <td>{total.expired}</td>
            <td>{total.revoked}</td>
            <td>{total.disabled}</td>
            <td>{total.booked}</td>
            <td>{percent(conversion)}</td>
            <td>
              <span aria-hidden="true">—</span>
              <span className="visually-hidden">A median does not add up across groups</span>
            </td>
            <td>{total.refusedAttempts}</td>
          </tr>
        </tfoot>
      </table>
    </>
  );
}
