import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { LinkChildrenQuery, SingleUseLinkStatus } from '../gql/graphql';
import { copyText } from '../clipboard';
import { ConsoleLink } from '../ConsoleLink';
import { EmptyState, Notice, refusalOf } from '../Feedback';
import { formatDateTime } from '../format';
import { useLive } from '../live';
import { Pager, statusName } from '../Pager';
import { ChildrenChangedSubscription, LinkChildrenQuery as ChildrenDocument, RevokeMutation } from './operations';

type Parent = NonNullable<LinkChildrenQuery['link']>;
type Child = Parent['singleUseLinks']['edges'][number]['node'];

const CHIPS: { status: SingleUseLinkStatus | null; label: string; count: (link: Parent) => number }[] = [
  { status: null, label: 'All', count: (link) => link.allCount.totalCount },
  { status: 'ACTIVE', label: 'Active', count: (link) => link.activeCount.totalCount },
  { status: 'USED', label: 'Used', count: (link) => link.usedCount.totalCount },
  { status: 'EXPIRED', label: 'Expired', count: (link) => link.expiredCount.totalCount },
  { status: 'REVOKED', label: 'Revoked', count: (link) => link.revokedCount.totalCount },
  { status: 'DISABLED', label: 'Disabled', count: (link) => link.disabledCount.totalCount },
];

/** A link's single-use links by status, with the meeting each one booked; follows minting,
 * booking, expiry and revocation as they happen. */
export function ChildrenScreen({ linkId }: { linkId: string }) {
  const [status, setStatus] = useState<SingleUseLinkStatus | null>(null);
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const after = pages[pages.length - 1];
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ChildrenDocument,
    variables: { id: linkId, status, after },
  });
  useLive(ChildrenChangedSubscription, { linkId }, () => refetch({ requestPolicy: 'network-only' }));
  const [, revoke] = useMutation(RevokeMutation);
  const [problem, setProblem] = useState<string | null>(null);

  if (fetching && data === undefined) return <p className="hint">Loading…</p>;
  const link = data?.link;
  if (error !== undefined || link === undefined) {
    return <Notice message="This link's single-use links could not be loaded. Reload the page to try again." />;
  }
  if (link === null) {
    return (
      <EmptyState title="No such link">
        It was deleted, or it is not one of yours. <ConsoleLink to="/app">Back to your links</ConsoleLink>
      </EmptyState>
    );
  }
  const choose = (next: SingleUseLinkStatus | null) => {
    setStatus(next);
    setPages([null]);
  };
  const revokeOne = async (child: Child) => {
    setProblem(null);
    const result = await revoke({ id: child.id });
    const answer = result.data?.revokeSingleUseLink;
    if (answer === undefined) setProblem('It could not be revoked. Try again in a moment.');
    else if (answer.__typename !== 'SingleUseLinkRevoked') setProblem(refusalOf(answer).message);
    else refetch({ requestPolicy: 'network-only' });
  };
  const children = link.singleUseLinks.edges.map((edge) => edge.node);
  return (
    <section aria-labelledby="children-title">
      <p className="crumbs">
        <ConsoleLink to="/app">My links</ConsoleLink> ›
      </p>
      <h1 id="children-title">Single-use links of {link.name}</h1>
      <p className="hint">
        <button type="button" className="linkish" onClick={() => void copyText(link.url)}>
          {link.url}
        </button>
      </p>
      <div className="chips" role="group" aria-label="Show single-use links by status">
        {CHIPS.map((chip) => (
          <button
            key={chip.label}
            type="button"
            className={`chip ${chip.status?.toLowerCase() ?? 'all'}`}
            aria-pressed={status === chip.status}
            onClick={() => choose(chip.status)}
          >
            {chip.label} <span className="count">{chip.count(link)}</span>
          </button>
        ))}
      </div>
      <Notice message={problem} />
      {children.length === 0 ? (
        <EmptyState title={status === null ? 'No single-use links yet' : `None ${status.toLowerCase()}`}>
          {status === null
            ? 'Use "Copy single-use link" on My links to make one for a prospect; it shows here at once.'
            : 'Pick another status above.'}
        </EmptyState>
      ) : (
        <table className="table" aria-label={`Single-use links of ${link.name}`}>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Status</th>
              <th scope="col">For</th>
              <th scope="col">Meeting booked</th>
              <th scope="col">Made</th>
              <th scope="col">Usable until</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {children.map((child) => (
              <tr key={child.id} data-testid="single-use-row">
                <td>
                  {child.label || <span className="hint">{child.prefix}…</span>}
                </td>
                <td>
                  <span className={`status ${child.status.toLowerCase()}`}>{statusName(child.status)}</span>
                </td>
                <td>{child.invitee ? `${child.invitee.name} <${child.invitee.email}>` : '—'}</td>
                <td>
                  {child.booking
                    ? `${formatDateTime(child.booking.startAt)} with ${child.booking.invitee.name}${
                        child.booking.status === 'CANCELLED' ? ' (cancelled)' : ''
                      }`
                    : '—'}
                </td>
                <td>
                  {formatDateTime(child.createdAt)}
                  <br />
                  <span className="hint">by {child.createdBy.name}</span>
                </td>
                <td>{child.effectiveExpiresAt ? formatDateTime(child.effectiveExpiresAt) : 'No expiry'}</td>
                <td>
                  {child.status === 'ACTIVE' ? (
                    <button type="button" className="secondary small" onClick={() => void revokeOne(child)}>
                      Revoke<span className="visually-hidden"> {child.label || child.prefix}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        hasPrevious={pages.length > 1}
        hasNext={link.singleUseLinks.pageInfo.hasNextPage}
        onPrevious={() => setPages((was) => was.slice(0, -1))}
        onNext={() => setPages((was) => [...was, link.singleUseLinks.pageInfo.endCursor ?? null])}
      />
    </section>
  );
}
