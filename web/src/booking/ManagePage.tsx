import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import {
  CancelMutation,
  ManagedBookingQuery,
  RescheduleMutation,
  RescheduleSlotsQuery,
} from './operations';
import { Notice, Refusal, Shell } from './Page';
import { policyInWords } from './policy';
import { SlotPicker, useMonth } from './SlotPicker';
import { browserTimeZone, instantIn } from './time';

type Mode = 'view' | 'reschedule' | 'cancel';

/** The invitee's own booking, by the manage link: see it, move it, cancel it. */
export function ManagePage({ token }: { token: string }) {
  const [{ data, fetching, error }, reload] = useQuery({
    query: ManagedBookingQuery,
    variables: { token },
  });
  const [mode, setMode] = useState<Mode>('view');
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const [notice, setNotice] = useState<string | null>(null);

  if (fetching && data === undefined) return <Shell busy />;
  const booking = data?.managedBooking;
  if (error !== undefined) {
    return (
      <Shell>
        <Refusal title="Your meeting" message="This page could not be loaded. Please try again in a moment." />
      </Shell>
    );
  }
  if (booking === null || booking === undefined) {
    return (
      <Shell>
        <Refusal
          title="No such meeting"
          message="This link does not lead to a meeting. Please check the address in your invitation."
        />
      </Shell>
    );
  }
  const done = (message: string) => {
    setNotice(message);
    setMode('view');
    reload({ requestPolicy: 'network-only' });
  };
  const cancelled = booking.status === 'CANCELLED';
  return (
    <Shell>
      <header className="link-header">
        <p className="owner">Your meeting</p>
        <h1>{booking.title}</h1>
        <ul className="facts">
          <li>{booking.durationMinutes} minutes</li>
          <li>With {booking.hostNames.join(', ')}</li>
        </ul>
      </header>
      <Notice message={notice} role="status" />
      <p className={cancelled ? 'when cancelled' : 'when'}>{instantIn(booking.startAt, timeZone)}</p>
      {cancelled ? (
        <p>This meeting was cancelled.</p>
      ) : mode === 'reschedule' ? (
        <Reschedule
          token={token}
          timeZone={timeZone}
          onTimeZone={setTimeZone}
          onBack={() => setMode('view')}
          onDone={done}
        />
      ) : mode === 'cancel' ? (
        <Cancel token={token} onBack={() => setMode('view')} onDone={done} />
      ) : (
        <>
          {booking.locationDetails !== '' && <p>Where: {booking.locationDetails}</p>}
          <ul className="policy" aria-label="What you can change">
            {policyInWords(booking.changePolicy, booking.reschedulesLeft ?? null).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <div className="actions">
            {booking.changePolicy.inviteeMayReschedule && booking.reschedulesLeft !== 0 && (
              <button type="button" onClick={() => { setNotice(null); setMode('reschedule'); }}>
                Reschedule
              </button>
            )}
            {booking.changePolicy.inviteeMayCancel && (
              <button type="button" className="secondary" onClick={() => { setNotice(null); setMode('cancel'); }}>
                Cancel the meeting
              </button>
            )}
          </div>
        </>
      )}
    </Shell>
  );
}

interface ChangeProps {
  token: string;
  onBack: () => void;
  onDone: (message: string) => void;
}

function Reschedule({
  token,
  timeZone,
  onTimeZone,
  onBack,
  onDone,
}: ChangeProps & { timeZone: string; onTimeZone: (zone: string) => void }) {
  const { month, setMonth, range } = useMonth(timeZone);
  const [{ data, fetching }, refetch] = useQuery({
    query: RescheduleSlotsQuery,
    variables: { token, ...range, timeZone },
    requestPolicy: 'network-only',
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching: moving }, move] = useMutation(RescheduleMutation);
  const answer = data?.managedBooking?.availableSlots;
  const slots = answer?.__typename === 'AvailableSlots' ? answer.slots : [];
  const refused = answer !== undefined && answer.__typename !== 'AvailableSlots' ? answer.message : null;

  const confirm = async () => {
    if (chosen === null) return;
    const result = await move({ input: { manageToken: token, start: chosen } });
    const outcome = result.data?.rescheduleBooking;
    if (outcome?.__typename === 'BookingRescheduled') {
      onDone(`Moved to ${instantIn(outcome.booking.startAt, timeZone)}.`);
      return;
    }
    setProblem(outcome?.message ?? 'The meeting could not be moved. Please try again.');
    setChosen(null);
    refetch({ requestPolicy: 'network-only' });
  };

  if (refused !== null) {
    return (
      <>
        <Notice message={refused} />
        <button type="button" className="secondary" onClick={onBack}>
          Back
        </button>
      </>
    );
  }
  if (chosen !== null) {
    return (
      <section className="booking-form" aria-label="Confirm the new time">
        <p>Move the meeting to</p>
        <p className="when">{instantIn(chosen, timeZone)}</p>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setChosen(null)} disabled={moving}>
            Back
          </button>
          <button type="button" onClick={() => void confirm()} disabled={moving}>
            {moving ? 'Moving…' : 'Move the meeting'}
          </button>
        </div>
      </section>
    );
  }
  return (
    <>
      <Notice message={problem} />
      <SlotPicker
        timeZone={timeZone}
        onTimeZone={onTimeZone}
        month={month}
        onMonth={setMonth}
        source={{ slots, fetching, problem: null }}
        onPick={setChosen}
      />
      <p>
        <button type="button" className="secondary" onClick={onBack}>
          Keep the current time
        </button>
      </p>
    </>
  );
}

function Cancel({ token, onBack, onDone }: ChangeProps) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, cancel] = useMutation(CancelMutation);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await cancel({ input: { manageToken: token, reason } });
    const outcome = result.data?.cancelBooking;
    if (outcome?.__typename === 'BookingCancelled') {
      onDone('The meeting is cancelled.');
      return;
    }
    setProblem(outcome?.message ?? 'The meeting could not be cancelled. Please try again.');
  };
  return (
    <form className="booking-form" onSubmit={submit} aria-label="Cancel the meeting">
      <Notice message={problem} />
      <label className="field">
        <span>Reason (optional, the hosts will see it)</span>
        <textarea value={reason} maxLength={5000} onChange={(event) => setReason(event.target.value)} />
      </label>
      <div className="actions">
        <button type="button" className="secondary" onClick={onBack} disabled={fetching}>
          Keep the meeting
        </button>
        <button type="submit" disabled={fetching}>
          {fetching ? 'Cancelling…' : 'Cancel the meeting'}
        </button>
      </div>
    </form>
  );
}
