import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { EmptyState, Notice, refusalOf } from '../Feedback';
import { formatDateTime } from '../format';
import { Modal } from '../Modal';
import type { ConnectedCalendarFieldsFragment } from '../gql/graphql';
import { ConnectCalendarForm } from './ConnectCalendarForm';
import { DisconnectCalendarMutation, MyCalendarQuery } from './operations';

type Outcome = { message: string; tone: 'error' | 'done' };

/** The viewer's own calendar: its busy times keep their links from offering times when they
 * are taken elsewhere; meetings booked with them can be written into it. */
export function CalendarScreen() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: MyCalendarQuery, requestPolicy: 'cache-and-network' });
  const [{ fetching: disconnecting }, disconnect] = useMutation(DisconnectCalendarMutation);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const calendar = data?.myCalendar ?? null;

  const connected = (saved: ConnectedCalendarFieldsFragment) => {
    setEditing(false);
    setOutcome({
      message: `Connected: ${saved.url} was read, and your links now leave out the times it shows as busy.`,
      tone: 'done',
    });
    reload();
  };

  const leave = async () => {
    setConfirming(false);
    setOutcome(null);
    const answer = (await disconnect({})).data?.disconnectCalendar;
    if (answer === undefined) {
      setOutcome({ message: 'The calendar could not be disconnected. Try again in a moment.', tone: 'error' });
    } else if (answer.__typename !== 'CalendarDisconnected') {
      setOutcome({ message: refusalOf(answer).message, tone: 'error' });
    } else {
      setOutcome({ message: 'Disconnected: its busy times no longer count, and its password is deleted.', tone: 'done' });
      reload();
    }
  };

  return (
    <section aria-labelledby="calendar-title">
      <div className="screen-head">
        <h1 id="calendar-title">My calendar</h1>
        {calendar !== null && !editing ? (
          <div className="actions">
            <button type="button" className="secondary" onClick={() => reload()}>
              Refresh
            </button>
            <button type="button" className="secondary" onClick={() => setEditing(true)}>
              Change…
            </button>
            <button type="button" className="secondary" disabled={disconnecting} onClick={() => setConfirming(true)}>
              Disconnect
            </button>
          </div>
        ) : null}
      </div>
      <Notice message={outcome?.message ?? null} tone={outcome?.tone} />
      {confirming ? (
        <Modal title="Disconnect your calendar?" onClose={() => setConfirming(false)}>
          <p>
            Your links will offer times without looking at it, and meetings booked from now on are not written into it.
            Its password is deleted.
          </p>
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
            <button type="button" onClick={() => void leave()}>
              Disconnect
            </button>
          </div>
        </Modal>
      ) : null}
      {error !== undefined && data === undefined ? (
        <Notice message="Your calendar could not be loaded. Try again in a moment." />
      ) : fetching && data === undefined ? (
        <p className="hint">Loading…</p>
      ) : calendar === null ? (
        <>
          <EmptyState title="No calendar connected">
            Connect the calendar you keep your other meetings in (any CalDAV calendar: Fastmail, iCloud, Nextcloud,
            Radicale, …). Slotlink reads it for busy times, so your links never offer a time you are already taken.
          </EmptyState>
          <ConnectCalendarForm current={null} onConnected={connected} />
        </>
      ) : editing ? (
        <ConnectCalendarForm current={calendar} onConnected={connected} onCancel={() => setEditing(false)} />
      ) : (
        <CalendarFacts calendar={calendar} />
      )}
    </section>
  );
}

function CalendarFacts({ calendar }: { calendar: ConnectedCalendarFieldsFragment }) {
  const failing = calendar.status === 'FAILING';
  return (
    <>
      <p className={`notice ${failing ? 'error' : 'done'}`} role="status">
        {failing
          ? `The last read failed: ${calendar.lastError}. ${
              calendar.trustedUntil === null || calendar.trustedUntil === undefined
                ? 'Your links offer no times until it is read again.'
                : `Your links keep offering times until ${formatDateTime(calendar.trustedUntil)}, then none until it is read again.`
            }`
          : `Read well, last at ${formatDateTime(calendar.syncedAt)}.`}
      </p>
      <dl className="facts">
        <dt>Calendar</dt>
        <dd>
          <code>{calendar.url}</code>
        </dd>
        <dt>User name</dt>
        <dd>{calendar.username}</dd>
        <dt>Meetings booked with you</dt>
        <dd>{calendar.writeMeetings ? 'Written into this calendar, moved and removed with them' : 'Not written into it'}</dd>
        <dt>Next read needed by</dt>
        <dd>{formatDateTime(calendar.trustedUntil)}</dd>
      </dl>
    </>
  );
}
