import { useMemo, useState } from 'react';
import { Calendar } from './Calendar';
import { Notice } from './Page';
import { SlotList } from './SlotList';
import { monthOf, monthRange, nextMonth, previousMonth, slotsByDay, type Month } from './time';

export interface SlotSource {
  slots: readonly string[];
  fetching: boolean;
  problem: string | null;
}

interface Props {
  timeZone: string;
  onTimeZone: (zone: string) => void;
  month: Month;
  onMonth: (month: Month) => void;
  source: SlotSource;
  onPick: (slot: string) => void;
}

/** The invitee's zone, a month of days with free times, and the chosen day's times. */
export function SlotPicker({ timeZone, onTimeZone, month, onMonth, source, onPick }: Props) {
  const [day, setDay] = useState<string | null>(null);
  const firstMonth = useMemo(() => monthOf(new Date(), timeZone), [timeZone]);
  const days = useMemo(() => slotsByDay(source.slots, month), [source.slots, month]);
  return (
    <div className="chooser">
      <label className="field zone">
        <span>Time zone</span>
        <select value={timeZone} onChange={(event) => onTimeZone(event.target.value)}>
          {zones(timeZone).map((zone) => (
            <option key={zone}>{zone}</option>
          ))}
        </select>
      </label>
      <Notice message={source.problem} role="status" />
      <Calendar
        month={month}
        days={days}
        selected={day}
        loading={source.fetching}
        canGoBack={month.year * 12 + month.month > firstMonth.year * 12 + firstMonth.month}
        onSelect={setDay}
        onMonth={(step) => {
          setDay(null);
          onMonth(step === 1 ? nextMonth(month) : previousMonth(month));
        }}
      />
      {day !== null && days.has(day) && (
        <SlotList day={day} slots={days.get(day) ?? []} timeZone={timeZone} onPick={onPick} />
      )}
    </div>
  );
}

/** The month's query window, and the month to start from in a zone. */
export function useMonth(timeZone: string) {
  const [month, setMonth] = useState<Month>(() => monthOf(new Date(), timeZone));
  const range = useMemo(() => monthRange(month), [month]);
  return { month, setMonth, range };
}

function zones(current: string): string[] {
  const known = Intl.supportedValuesOf('timeZone');
  return known.includes(current) ? known : [current, ...known];
}
