import type { AdminReportsQuery, ReportGrouping } from '../gql/graphql';
import { EmptyState } from '../Feedback';
import { groupName, inReadingOrder, sums } from './figures';

type Reports = Extract<AdminReportsQuery['reports'], { __typename: 'Reports' }>;
type BookingRow = Extract<Reports['bookings'], { __typename: 'BookingReport' }>['rows'][number];

const COUNTED = ['total', 'standard', 'singleUse', 'rescheduled', 'reschedules', 'cancelled'] as const;

function moved(rescheduled: number, reschedules: number): string {
  return reschedules > rescheduled ? `${rescheduled} (${reschedules} moves)` : String(rescheduled);
}

/** Meetings booked in the range, by how they were booked and what happened to them since. */
export function BookingTable({ rows, groupBy, noun }: { rows: readonly BookingRow[]; groupBy: ReportGrouping; noun: string }) {
  const total = sums(rows, COUNTED);
  return (
    <>
      <h2>Meetings booked</h2>
      {rows.length === 0 ? (
        <EmptyState title="No meetings booked in this range">
          Share a link from My links; meetings booked through it count here. Or choose an earlier From date.
        </EmptyState>
      ) : (
        <table className="table figures" aria-label="Meetings booked">
          <thead>
            <tr>
              <th scope="col">{noun}</th>
              <th scope="col">Total</th>
              <th scope="col">Standard</th>
              <th scope="col">Single-use</th>
              <th scope="col">Rescheduled</th>
              <th scope="col">Cancelled</th>
            </tr>
          </thead>
          <tbody>
            {inReadingOrder(groupBy, rows).map((row) => (
              <tr key={row.key}>
                <th scope="row">{groupName(groupBy, row)}</th>
                <td>{row.total}</td>
                <td>{row.standard}</td>
                <td>{row.singleUse}</td>
                <td>{moved(row.rescheduled, row.reschedules)}</td>
                <td>{row.cancelled}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td>{total.total}</td>
              <td>{total.standard}</td>
              <td>{total.singleUse}</td>
              <td>{moved(total.rescheduled, total.reschedules)}</td>
              <td>{total.cancelled}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </>
  );
}
