import { longDay, wallClock } from './time';

interface Props {
  day: string;
  slots: readonly string[];
  timeZone: string;
  onPick: (slot: string) => void;
}

/** The free times of one day, in the invitee's zone. */
export function SlotList({ day, slots, timeZone, onPick }: Props) {
  return (
    <section className="slots" aria-label={`Times on ${longDay(day)}`}>
      <h2>{longDay(day)}</h2>
      <p className="hint">Times in {timeZone}</p>
      <ul>
        {slots.map((slot) => (
          <li key={slot}>
            <button type="button" className="slot" onClick={() => onPick(slot)}>
              {wallClock(slot)}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
