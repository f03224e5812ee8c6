import { useState } from 'react';
import { useQuery } from 'urql';
import type { RefusalReason, RefusedAttemptFilter } from '../gql/graphql';
import { EmptyState, Notice } from '../Feedback';
import { dayStart, downloadCsv, formatDateTime } from '../format';
import { readAll } from '../pages';
import { LinkChoice } from '../LinkChoice';
import { Pager } from '../Pager';
import { RefusedAttemptsLogQuery as LogDocument } from './operations';
import { REASONS, reasonName, usePageReader } from './refusedAttempts';

type Filters = { reason: '' | RefusalReason; linkId: string; from: string; to: string };

const NO_FILTERS: Filters = { reason: '', linkId: '', from: '', to: '' };
const PAGE_SIZE = 25;
// An export pages through the attempts a hundred at a time, up to this many.
const EXPORT_LIMIT = 5_000;

function filterOf(filters: Filters): RefusedAttemptFilter {
  return {
    reason: filters.reason || null,
    linkId: filters.linkId || null,
    occurredFrom: filters.from ? dayStart(filters.from) : null,
    occurredTo: filters.to ? dayStart(filters.to, 1) : null,
  };
}

/** Every attempt to book again through a single-use link that could not be booked, newest
 * first: the follow-ups Slotlink stopped. */
export function BlockedScreen() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [exporting, setExporting] = useState<string | null>(null);
  const filter = filterOf(filters);
  const reason = filters.reason || null;
  const [{ data, fetching, error }] = useQuery({
    query: LogDocument,
    variables: { filter, first: PAGE_SIZE, after: pages[pages.length - 1] },
    requestPolicy: 'cache-and-network',
  });
  const log = data?.refusedAttempts;
  const read = usePageReader(filter);
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);

  const change = (next: Partial<Filters>) => {
    setFilters((was) => ({ ...was, ...next }));
    setPages([null]);
  };
  const exportCsv = async () => {
    setExporting('Exporting…');
    const all = await readAll(read, EXPORT_LIMIT);
    if (all === null) {
      setExporting('The export failed. Try again in a moment.');
      return;
    }
    downloadCsv(
      'blocked-follow-ups.csv',
      ['occurred_at', 'reason', 'invitee_email', 'link', 'owner', 'single_use_label', 'single_use_prefix'],
      all.nodes.map((attempt) => [
        attempt.occurredAt,
        attempt.reason,
        attempt.inviteeEmail,
        attempt.link.name,
        attempt.link.owner.name,
        attempt.singleUseLink.label,
        attempt.singleUseLink.prefix,
      ]),
    );
    setExporting(!all.complete ? `The newest ${all.nodes.length} attempts were exported; narrow the filters for the rest.` : null);
  };

  const attempts = log?.edges.map((edge) => edge.node) ?? [];
  return (
    <section aria-labelledby="blocked-title">
      <h1 id="blocked-title">Blocked follow-ups</h1>
      <p className="hint">
        Attempts to book through a single-use link that was already used, had expired, was revoked or whose link is disabled, or
        with another email than the invitee it was made for. Slotlink refused each one: no meeting was booked.
      </p>
      <form className="filters" aria-label="Filter blocked follow-ups" onSubmit={(event) => event.preventDefault()}>
        <label>
          Reason
          <select value={filters.reason} onChange={(event) => change({ reason: event.target.value as Filters['reason'] })}>
            <option value="">Any reason</option>
            {REASONS.map((entry) => (
              <option key={entry.value} value={entry.value}>
                {entry.name}
              </option>
            ))}
          </select>
        </label>
        <LinkChoice value={filters.linkId} onChange={(linkId) => change({ linkId })} />
        <label>
          From
          <input type="date" value={filters.from} onChange={(event) => change({ from: event.target.value })} />
        </label>
        <label>
          Until
          <input type="date" value={filters.to} onChange={(event) => change({ to: event.target.value })} />
        </label>
        <button type="button" className="secondary" onClick={() => void exportCsv()} disabled={exporting === 'Exporting…' || attempts.length === 0}>
          Download CSV
        </button>
        {filtered ? (
          <button type="button" className="secondary" onClick={() => change(NO_FILTERS)}>
            Clear filters
          </button>
        ) : null}
      </form>
      <Notice message={exporting === 'Exporting…' ? null : exporting} />
      {error ? <Notice message="The blocked follow-ups could not be loaded. Reload the page to try again." /> : null}
      {log === undefined && fetching ? <p className="hint">Loading…</p> : null}
      {log !== undefined && attempts.length === 0 ? (
        <EmptyState title={filtered ? 'No blocked follow-ups match these filters' : 'No blocked follow-ups yet'}>
          {filtered
            ? 'Clear the filters to see every refused attempt.'
            : 'When someone tries to book again through a single-use link that is used, expired, revoked or disabled, Slotlink refuses and lists the attempt here.'}
        </EmptyState>
      ) : null}
      {attempts.length > 0 ? (
        <div aria-busy={fetching}>
          <p className="hint" aria-live="polite">
            {log?.totalCount} blocked follow-up{log?.totalCount === 1 ? '' : 's'}
            {reason !== null ? `, refused as ${reasonName(reason).toLowerCase()}` : ''}
          </p>
          <table className="table" aria-label="Blocked follow-ups">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Reason</th>
                <th scope="col">Email given</th>
                <th scope="col">Link</th>
                <th scope="col">Single-use link</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((attempt) => (
                <tr key={attempt.id} data-testid="blocked-row">
                  <td>{formatDateTime(attempt.occurredAt)}</td>
                  <td>
                    <span className="status disabled">
                      {reasonName(attempt.reason)}
                    </span>
                  </td>
                  <td>{attempt.inviteeEmail}</td>
                  <td>
                    {attempt.link.name}
                    <br />
                    <span className="hint">{attempt.link.owner.name}</span>
                  </td>
                  <td>
                    {attempt.singleUseLink.label || 'No label'}
                    <br />
                    <span className="hint">
                      <span className="visually-hidden">Starts with </span>
                      <code>{attempt.singleUseLink.prefix}…</code>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager
        hasPrevious={pages.length > 1}
        hasNext={log?.pageInfo.hasNextPage ?? false}
        onPrevious={() => setPages((was) => was.slice(0, -1))}
        onNext={() => setPages((was) => [...was, log?.pageInfo.endCursor ?? null])}
      />
    </section>
  );
}
