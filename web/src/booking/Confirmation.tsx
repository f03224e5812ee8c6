import { useMemo } from 'react';
import { instantIn } from './time';

interface Props {
  manageUrl: string;
  title: string;
  startAt: string;
  durationMinutes: number;
  hostNames: readonly string[];
  locationDetails: string;
  ics: string;
  timeZone: string;
}

/** The booked meeting, with its calendar file. */
export function Confirmation(props: Props) {
  const { manageUrl, title, startAt, durationMinutes, hostNames, locationDetails, ics, timeZone } =
    props;
  const calendarFile = useMemo(
    () => URL.createObjectURL(new Blob([ics], { type: 'text/calendar' })),
    [ics],
  );
  return (
    <section className="confirmation" aria-live="polite">
      <h2>You are booked</h2>
      <p className="when">{instantIn(startAt, timeZone)}</p>
      {timeZone !== 'UTC' && <p className="hint">{instantIn(startAt, 'UTC')}</p>}
      <p>
        {title}, {durationMinutes} minutes with {hostNames.join(', ')}.
      </p>
      {locationDetails !== '' && <p>Where: {locationDetails}</p>}
      <p>
        <a className="button" href={calendarFile} download="meeting.ics">
          Add to calendar
        </a>
      </p>
      <p>
        To reschedule or cancel, keep this link: <a href={manageUrl}>{manageUrl}</a>
      </p>
    </section>
  );
}
