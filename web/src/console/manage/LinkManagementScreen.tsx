import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { LinkStatus } from '../gql/graphql';
import { EmptyState, Notice, refusalOf } from '../Feedback';
import { Pager } from '../Pager';
import { EditLinkDialog } from './EditLinkDialog';
import type { ManagedLink } from './linkForm';
import { LINK_STATUS_NAMES, ManagedLinksTable } from './ManagedLinksTable';
import { type MeetingType, MeetingTypeDialog } from './MeetingTypeDialog';
import { MeetingTypesSection } from './MeetingTypesSection';
import { NewLinkDialog } from './NewLinkDialog';
import { RoutingDialog } from './RoutingDialog';
import {
  ArchiveManagedLinkMutation,
  ManageChoicesQuery,
  ManagedLinksQuery,
  RestoreManagedLinkMutation,
} from './operations';

type Dialog =
  | { kind: 'new' }
  | { kind: 'edit'; link: ManagedLink }
  | { kind: 'routing'; link: ManagedLink }
  | { kind: 'meeting-type'; meetingType: MeetingType | null }
  | null;
type Outcome = { message: string; tone: 'error' | 'done' } | null;

// Typing pauses this long before the search runs.
const SEARCH_DELAY_MS = 300;

/** Every link of the organization for its admins: who owns and hosts it, how it books, its
 * single-use links; edit, archive and restore any of them, create links for members (managed
 * links), and change the meeting types they book. */
export function LinkManagementScreen() {
  const [status, setStatus] = useState<LinkStatus | ''>('');
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  useEffect(() => {
    const next = searchText.trim();
    if (next === search) return undefined;
    const timer = setTimeout(() => {
      setSearch(next);
      setPages([null]);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [searchText, search]);

  const [{ data, fetching, error }, refetch] = useQuery({
    query: ManagedLinksQuery,
    variables: { filter: { status: status || null, search: search || null }, after: pages[pages.length - 1] },
  });
  const [choices, refetchChoices] = useQuery({ query: ManageChoicesQuery });
  const [, archive] = useMutation(ArchiveManagedLinkMutation);
  const [, restore] = useMutation(RestoreManagedLinkMutation);

  const reload = () => refetch({ requestPolicy: 'network-only' });
  const done = (message: string) => {
    setOutcome({ message, tone: 'done' });
    reload();
  };
  const setArchived = async (link: ManagedLink, archived: boolean) => {
    setOutcome(null);
    setBusyId(link.id);
    const result = archived ? (await archive({ id: link.id })).data?.archiveLink : (await restore({ id: link.id })).data?.restoreLink;
    setBusyId(null);
    if (result === undefined) {
      setOutcome({ message: `${link.name} could not be ${archived ? 'archived' : 'restored'}. Try again in a moment.`, tone: 'error' });
    } else if (result.__typename !== 'LinkSaved') {
      setOutcome({ message: refusalOf(result).message, tone: 'error' });
    } else {
      done(
        archived
          ? `Archived ${link.name}: it and its single-use links take no bookings until you restore it; meetings already booked can still be cancelled.`
          : `Restored ${link.name}.`,
      );
    }
  };

  const links = data?.links.edges.map((edge) => edge.node) ?? [];
  const filtered = status !== '' || search !== '';
  const choiceData = choices.data;
  const viewer = choiceData?.viewer ?? null;
  return (
    <section aria-labelledby="manage-title">
      <div className="screen-head">
        <h1 id="manage-title">Link management</h1>
        <button type="button" disabled={viewer === null} onClick={() => setDialog({ kind: 'new' })}>
          New link
        </button>
      </div>
      <p className="hint">
        Every link of your organization. A link you create for a member is managed: only admins may change it, and
        its owner mints single-use links from it.
      </p>
      <form className="filters" role="search" aria-label="Filter links" onSubmit={(event) => event.preventDefault()}>
        <label>
          Status
          <select
            value={status}
            onChange={(event) => {
              setStatus(event.target.value as LinkStatus | '');
              setPages([null]);
            }}
          >
            <option value="">Any status</option>
            {Object.entries(LINK_STATUS_NAMES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search
          <input
            type="search"
            value={searchText}
            placeholder="Name or address"
            onChange={(event) => setSearchText(event.target.value)}
          />
        </label>
      </form>
      <Notice message={outcome?.message ?? null} tone={outcome?.tone} />
      {error || choices.error ? <Notice message="The links could not be loaded. Reload the page to try again." /> : null}
      {fetching && data === undefined ? <p className="hint">Loading…</p> : null}
      {data !== undefined && links.length === 0 ? (
        filtered ? (
          <EmptyState title="No links match">Clear the search or pick another status to see more links.</EmptyState>
        ) : (
          <EmptyState title="No links yet">Create the first one with New link, for yourself or for a member.</EmptyState>
        )
      ) : null}
      {links.length > 0 ? (
        <>
          <p className="hint" aria-live="polite">
            {data?.links.totalCount} {data?.links.totalCount === 1 ? 'link' : 'links'}
          </p>
          <ManagedLinksTable
            links={links}
            busyId={busyId}
            onEdit={(link) => setDialog({ kind: 'edit', link })}
            onRouting={(link) => setDialog({ kind: 'routing', link })}
            onArchive={(link) => void setArchived(link, true)}
            onRestore={(link) => void setArchived(link, false)}
          />
        </>
      ) : null}
      <Pager
        hasPrevious={pages.length > 1}
        hasNext={data?.links.pageInfo.hasNextPage ?? false}
        onPrevious={() => setPages((was) => was.slice(0, -1))}
        onNext={() => setPages((was) => [...was, data?.links.pageInfo.endCursor ?? null])}
      />
      {choiceData !== undefined ? (
        <MeetingTypesSection
          meetingTypes={choiceData.meetingTypes}
          onAdd={() => setDialog({ kind: 'meeting-type', meetingType: null })}
          onEdit={(meetingType) => setDialog({ kind: 'meeting-type', meetingType })}
        />
      ) : null}
      {dialog?.kind === 'new' && choiceData !== undefined && viewer !== null ? (
        <NewLinkDialog choices={{ ...choiceData, viewer }} onClose={() => setDialog(null)} onCreated={done} />
      ) : null}
      {dialog?.kind === 'edit' && choiceData !== undefined ? (
        <EditLinkDialog link={dialog.link} choices={choiceData} onClose={() => setDialog(null)} onSaved={done} />
      ) : null}
      {dialog?.kind === 'routing' ? (
        <RoutingDialog link={dialog.link} onClose={() => setDialog(null)} onSaved={done} />
      ) : null}
      {dialog?.kind === 'meeting-type' ? (
        <MeetingTypeDialog
          meetingType={dialog.meetingType}
          onClose={() => setDialog(null)}
          onSaved={(message) => {
            done(message);
            refetchChoices({ requestPolicy: 'network-only' });
          }}
        />
      ) : null}
    </section>
  );
}
