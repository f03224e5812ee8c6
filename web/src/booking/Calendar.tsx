import { calendarWeeks, dayKey, longDay, monthTitle, type Month } from './time';

interface Props {
  month: Month;
  days: ReadonlyMap<string, readonly string[]>;
  selected: string | null;
  loading: boolean;
  canGoBack: boolean;
  onSelect: (day: string) => void;
  onMonth: (step: -1 | 1) => void;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A month whose days with free times can be picked. */
export function Calendar({ month, days, selected, loading, canGoBack, onSelect, onMonth }: Props) {
  return (
    <section className="calendar" aria-label="Pick a day" aria-busy={loading}>
      <header className="calendar-header">
        <button type="button" onClick={() => onMonth(-1)} disabled={!canGoBack} aria-label="Previous month">
          ‹
        </button>
        <h2 aria-live="polite">{monthTitle(month)}</h2>
        <button type="button" onClick={() => onMonth(1)} aria-label="Next month">
          ›
        </button>
      </header>
      <table>
        <thead>
          <tr>
            {WEEKDAYS.map((name) => (
              <th key={name} scope="col">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {calendarWeeks(month).map((week, index) => (
            <tr key={index}>
              {week.map((day, column) => {
                if (day === null) return <td key={`pad-${column}`} />;
                const key = dayKey(month.year, month.month, day);
                const free = days.has(key);
                return (
                  <td key={key}>
                    <button
                      type="button"
                      className={key === selected ? 'day selected' : 'day'}
                      disabled={!free}
                      aria-pressed={key === selected}
                      aria-label={`${longDay(key)}${free ? '' : ', no free times'}`}
                      onClick={() => onSelect(key)}
                    >
                      {day}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && days.size === 0 && <p className="hint">No free times this month.</p>}
    </section>
  );
}
