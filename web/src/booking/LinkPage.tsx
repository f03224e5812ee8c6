import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { PublicLinkPageQuery } from '../gql/graphql';
import { answersInput } from './answers';
import { BookingForm, type Invitee } from './BookingForm';
import { subscribe } from '../api/client';
import { Confirmation } from './Confirmation';
import { BookMutation, LiveSlotsSubscription, PublicLinkQuery, SlotsQuery } from './operations';
import { Notice, Refusal, Shell } from './Page';
import { retryKey } from './retryKey';
import { SlotPicker, useMonth } from './SlotPicker';
import { browserTimeZone, instantIn } from './time';

type Page = Extract<PublicLinkPageQuery['publicLink'], { __typename: 'PublicLink' }>;
type Booked = {
  manageUrl: string;
  startAt: string;
  title: string;
  durationMinutes: number;
  hostNames: readonly string[];
  locationDetails: string;
  ics: string;
};

const LOCATIONS: Record<string, string> = {
  VIDEO: 'Video call',
  PHONE: 'Phone call',
  IN_PERSON: 'In person',
  CUSTOM: 'Details after booking',
};

export function LinkPage({ linkKey, forceForm }: { linkKey: string; forceForm: boolean }) {
  const [{ data, fetching, error }] = useQuery({
    query: PublicLinkQuery,
    variables: { key: linkKey },
  });
  if (fetching) return <Shell busy />;
  const found = data?.publicLink;
  if (error !== undefined || found === undefined) {
    return (
      <Shell>
        <Refusal message="This page could not be loaded. Please try again in a moment." />
      </Shell>
    );
  }
  if (found.__typename !== 'PublicLink') {
    return (
      <Shell>
        <Refusal message={found.message} />
      </Shell>
    );
  }
  return (
    <Shell>
      <Scheduler page={found} linkKey={linkKey} forceForm={forceForm} />
    </Shell>
  );
}

/** The free times of the month shown, as the server sends them whenever they change; null
 * until the first arrives (the query's answer stands in), and for another month's times. */
function useLiveSlots(
  linkKey: string,
  range: { from: string; to: string },
  timeZone: string,
  active: boolean,
): string[] | null {
  const [live, setLive] = useState<{ watched: string; slots: string[] } | null>(null);
  const watched = `${linkKey} ${range.from} ${range.to} ${timeZone}`;
  useEffect(() => {
    if (!active || typeof WebSocket === 'undefined') return undefined;
    return subscribe(
      LiveSlotsSubscription,
      { key: linkKey, from: range.from, to: range.to, timeZone },
      (result) => {
        const answer = result.slotsChanged;
        if (answer.__typename === 'AvailableSlots') setLive({ watched, slots: answer.slots });
      },
    );
  }, [active, linkKey, range.from, range.to, timeZone, watched]);
  return live !== null && live.watched === watched ? live.slots : null;
}

function Scheduler({ page, linkKey, forceForm }: { page: Page; linkKey: string; forceForm: boolean }) {
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const { month, setMonth, range } = useMonth(timeZone);
  const [{ data, fetching }, refetchSlots] = useQuery({
    query: SlotsQuery,
    variables: { key: linkKey, ...range, timeZone },
    requestPolicy: 'network-only',
  });
  const [slot, setSlot] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(retryKey);
  const [draft, setDraft] = useState<Invitee>({ name: '', email: '', notes: '', answers: {} });
  const [fieldErrors, setFieldErrors] = useState<Map<string, string>>(new Map());
  const [notice, setNotice] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [booked, setBooked] = useState<Booked | null>(null);
  const [{ fetching: booking }, book] = useMutation(BookMutation);

  const answer = data?.publicLink;
  const slotsResult = answer?.__typename === 'PublicLink' ? answer.availableSlots : undefined;
  const live = useLiveSlots(linkKey, range, timeZone, booked === null);
  const slots = live ?? (slotsResult?.__typename === 'AvailableSlots' ? slotsResult.slots : []);

  useEffect(() => {
    // The time being filled in was taken meanwhile (the live list no longer offers it).
    if (live !== null && slot !== null && !live.includes(slot) && booked === null) {
      setSlot(null);
      setNotice('That time was just taken. Please pick another one.');
    }
  }, [live, slot, booked]);
  const slotsProblem =
    answer !== undefined && answer.__typename !== 'PublicLink'
      ? answer.message
      : slotsResult !== undefined && slotsResult.__typename !== 'AvailableSlots'
        ? slotsResult.message
        : null;
  // A personalized link books without the form, unless it leaves a required question open.
  const formLess =
    page.skipForm &&
    page.prefill !== null &&
    page.prefill !== undefined &&
    !forceForm &&
    !page.questions.some((question) => question.required);

  const pick = (chosen: string) => {
    setSlot(chosen);
    setAttempt(retryKey());
    setNotice(null);
    setFieldErrors(new Map());
  };

  const submit = async (invitee: Invitee | null) => {
    if (slot === null) return;
    if (invitee !== null) setDraft(invitee);
    const result = await book({
      input: {
        key: linkKey,
        start: slot,
        invitee: invitee === null ? null : { name: invitee.name, email: invitee.email, timeZone },
        notes: invitee?.notes ?? '',
        answers: invitee === null ? [] : answersInput(page.questions, invitee.answers),
        idempotencyKey: attempt,
      },
    });
    const outcome = result.data?.bookMeeting;
    if (outcome === undefined) {
      // The answer was lost: the same idempotency key makes trying again safe.
      setNotice('The booking could not be confirmed. Please try again.');
      return;
    }
    switch (outcome.__typename) {
      case 'BookingConfirmed':
        setBooked({ ...outcome.booking, manageUrl: outcome.manageUrl });
        return;
      case 'SlotUnavailable':
        setNotice('That time was just taken. Please pick another one.');
        setSlot(null);
        // Past the browser's cache too: it may keep free times a few seconds.
        refetchSlots({ requestPolicy: 'network-only', fetchOptions: { cache: 'no-cache' } });
        return;
      case 'InvalidInput':
        setFieldErrors(new Map(outcome.fieldErrors.map((error) => [error.field, error.message])));
        setNotice(outcome.message);
        return;
      default:
        setRefusal(outcome.message);
    }
  };

  if (refusal !== null) return <Refusal message={refusal} />;

  return (
    <>
      <header className="link-header">
        <p className="owner">{page.ownerName}</p>
        <h1>{page.title}</h1>
        <ul className="facts">
          <li>{page.durationMinutes} minutes</li>
          <li>{LOCATIONS[page.locationKind] ?? page.locationKind}</li>
          <li>
            {page.assignment === 'COLLECTIVE' || page.assignment === 'STATIC' ? 'With ' : 'With one of '}
            {page.hostNames.join(', ')}
          </li>
        </ul>
        {page.description !== '' && <p>{page.description}</p>}
      </header>
      {booked !== null ? (
        <Confirmation {...booked} timeZone={timeZone} />
      ) : slot !== null ? (
        formLess ? (
          <section className="booking-form" aria-label="Confirm">
            <p className="when">{instantIn(slot, timeZone)}</p>
            <p>
              Booking as {page.prefill?.name} ({page.prefill?.email}).
            </p>
            <Notice message={notice} />
            <div className="actions">
              <button type="button" className="secondary" onClick={() => setSlot(null)}>
                Back
              </button>
              <button type="button" disabled={booking} onClick={() => void submit(null)}>
                {booking ? 'Booking…' : 'Book the meeting'}
              </button>
            </div>
          </section>
        ) : (
          <>
            <Notice message={notice} />
            <BookingForm
              when={instantIn(slot, timeZone)}
              initial={page.prefill ? { ...draft, name: page.prefill.name, email: page.prefill.email } : draft}
              questions={page.questions}
              busy={booking}
              fieldErrors={fieldErrors}
              onBack={() => setSlot(null)}
              onSubmit={(invitee) => void submit(invitee)}
              onChange={setDraft}
            />
          </>
        )
      ) : (
        <>
          <Notice message={notice} />
          <SlotPicker
            timeZone={timeZone}
            onTimeZone={setTimeZone}
            month={month}
            onMonth={setMonth}
            source={{ slots, fetching, problem: slotsProblem }}
            onPick={pick}
          />
        </>
      )}
    </>
  );
}
