import { useState } from 'react';
import { useClient, useQuery } from 'urql';
import type { BookingStatus, MeetingLogFilter, MeetingLogQuery } from '../gql/graphql';
import type { Viewer } from '../viewer';
import { EmptyState, Notice } from '../Feedback';
import { dayStart, downloadCsv, formatDateTime } from '../format';
import { useLive } from '../live';
import { MeetingLogChangedSubscription, MeetingLogQuery as LogDocument, OwnerChoicesQuery } from './operations';
import { type PageReader, readAll } from '../pages';
import { LinkChoice } from '../LinkChoice';
import { Pager } from '../Pager';

type Meeting = MeetingLogQuery['meetingLogs']['edges'][number]['node'];
type Filters = { ownerId: string; linkId: string; status: '' | BookingStatus; from: string; to: string };

const NO_FILTERS: Filters = { ownerId: '', linkId: '', status: '', from: '', to: '' };
// An export pages through the log a hundred meetings at a time, up to this many.
const EXPORT_LIMIT = 5_000;

function filterOf(filters: Filters, hideSingleUse: boolean): MeetingLogFilter {
  return {
    hideSingleUse,
    ownerId: filters.ownerId || null,
    linkId: filters.linkId || null,
    status: filters.status || null,
    startFrom: filters.from ? dayStart(filters.from) : null,
    startTo: filters.to ? dayStart(filters.to, 1) : null,
  };
}

/** Every meeting in your scope, standard and single-use side by side; a meeting booked, moved
 * or cancelled shows without reloading. */
export function MeetingLogScreen({ viewer }: { viewer: Viewer }) {
  const [hideSingleUse, setHideSingleUse] = useState(false);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [exporting, setExporting] = useState<string | null>(null);
  const filter = filterOf(filters, hideSingleUse);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: LogDocument,
    variables: { filter, after: pages[pages.length - 1] },
  });
  const [owners] = useQuery({ query: OwnerChoicesQuery, pause: viewer.role !== 'ADMIN' });
  const client = useClient();
  useLive(MeetingLogChangedSubscription, { filter }, () => refetch({ requestPolicy: 'network-only' }));

  const change = (next: Partial<Filters>) => {
    setFilters((was) => ({ ...was, ...next }));
    setPages([null]);
  };
  const exportCsv = async () => {
    setExporting('Exporting…');
    const read: PageReader<Meeting> = async (after) => {
      const page = await client
        .query(LogDocument, { filter, first: 100, after }, { requestPolicy: 'network-only' })
        .toPromise();
      return page.data?.meetingLogs ?? null;
    };
    const all = await readAll(read, EXPORT_LIMIT);
    if (all === null) {
      setExporting('The export failed. Try again in a moment.');
      return;
    }
    downloadCsv(
      'meeting-log.csv',
      ['start', 'status', 'invitee_name', 'invitee_email', 'link', 'link_type', 'single_use_label', 'owner', 'hosts', 'booked_at', 'reschedules'],
      all.nodes.map((meeting) => [
        meeting.startAt,
        meeting.status,
        meeting.invitee.name,
        meeting.invitee.email,
        meeting.link.name,
        meeting.linkType === 'SINGLE_USE' ? 'Single-use' : 'Standard',
        meeting.singleUseLink?.label ?? '',
        meeting.link.owner.name,
        meeting.hosts.map((host) => host.name).join('; '),
        meeting.bookedAt,
        meeting.rescheduleCount,
      ]),
    );
    setExporting(all.complete ? null : `The first ${all.nodes.length} meetings were exported; narrow the filters for the rest.`);
  };

  const meetings = data?.meetingLogs.edges.map((edge) => edge.node) ?? [];
  const users = owners.data?.users ?? [];
  return (
    <section aria-labelledby="log-title">
      <div className="screen-head">
        <h1 id="log-title">Meeting logs</h1>
        <label className="switch">
          <input
            type="checkbox"
            role="switch"
            checked={hideSingleUse}
            onChange={(event) => {
              setHideSingleUse(event.target.checked);
              setPages([null]);
            }}
          />
          Hide single-use links
        </label>
      </div>
      <form className="filters" aria-label="Filter meetings" onSubmit={(event) => event.preventDefault()}>
        {viewer.role === 'ADMIN' ? (
          <label>
            Owner
            <select value={filters.ownerId} onChange={(event) => change({ ownerId: event.target.value })}>
              <option value="">Everyone</option>
              {users.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <LinkChoice value={filters.linkId} onChange={(linkId) => change({ linkId })} />
        <label>
          Status
          <select value={filters.status} onChange={(event) => change({ status: event.target.value as Filters['status'] })}>
            <option value="">Any</option>
            <option value="CONFIRMED">Confirmed</option>
            <option value="CANCELLED">Cancelled</option>
          </select>
        </label>
        <label>
          Starts from
          <input type="date" value={filters.from} onChange={(event) => change({ from: event.target.value })} />
        </label>
        <label>
          Starts until
          <input type="date" value={filters.to} onChange={(event) => change({ to: event.target.value })} />
        </label>
        <button type="button" className="secondary" onClick={() => void exportCsv()} disabled={exporting === 'Exporting…'}>
          Export CSV
        </button>
      </form>
      <Notice message={exporting === 'Exporting…' ? null : exporting} />
      {error ? <Notice message="The meeting log could not be loaded. Reload the page to try again." /> : null}
      {fetching && data === undefined ? <p className="hint">Loading…</p> : null}
      {data !== undefined && meetings.length === 0 ? (
        <EmptyState title="No meetings here yet">
          Meetings booked through your links and single-use links show here as they are booked.
          {JSON.stringify(filters) !== JSON.stringify(NO_FILTERS) || hideSingleUse ? ' Clear the filters to see every meeting.' : ''}
        </EmptyState>
      ) : null}
      {meetings.length > 0 ? (
        <>
          <p className="hint" aria-live="polite">
            {data?.meetingLogs.totalCount} meetings
          </p>
          <table className="table" aria-label="Meetings">
            <thead>
              <tr>
                <th scope="col">Starts</th>
                <th scope="col">Invitee</th>
                <th scope="col">Link</th>
                <th scope="col">Link Type</th>
                <th scope="col">Owner</th>
                <th scope="col">Status</th>
                <th scope="col">Booked</th>
              </tr>
            </thead>
            <tbody>
              {meetings.map((meeting) => (
                <tr key={meeting.id} data-testid="meeting-row">
                  <td>{formatDateTime(meeting.startAt)}</td>
                  <td>
                    {meeting.invitee.name}
                    <br />
                    <span className="hint">{meeting.invitee.email}</span>
                  </td>
                  <td>
                    {meeting.link.name}
                    {meeting.singleUseLink?.label ? <span className="hint"> · {meeting.singleUseLink.label}</span> : null}
                  </td>
                  <td>
                    <span className={`type ${meeting.linkType === 'SINGLE_USE' ? 'single-use' : 'standard'}`}>
                      {meeting.linkType === 'SINGLE_USE' ? 'Single-use' : 'Standard'}
                    </span>
                  </td>
                  <td>{meeting.link.owner.name}</td>
                  <td>
                    {meeting.status === 'CANCELLED' ? 'Cancelled' : 'Confirmed'}
                    {meeting.rescheduleCount > 0 ? <span className="hint"> · moved {meeting.rescheduleCount}×</span> : null}
                  </td>
                  <td>{formatDateTime(meeting.bookedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <Pager
        hasPrevious={pages.length > 1}
        hasNext={data?.meetingLogs.pageInfo.hasNextPage ?? false}
        onPrevious={() => setPages((was) => was.slice(0, -1))}
        onNext={() => setPages((was) => [...was, data?.meetingLogs.pageInfo.endCursor ?? null])}
      />
    </section>
  );
}
