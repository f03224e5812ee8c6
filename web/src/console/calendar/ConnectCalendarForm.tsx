import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { Field, type FieldErrors, Notice, refusalOf, refusalSummary } from '../Feedback';
import type { ConnectedCalendarFieldsFragment } from '../gql/graphql';
import { ConnectCalendarMutation } from './operations';

const PLACED = new Set(['url', 'username', 'password']);

/** The server's field messages ("the calendar could not be read: …") as sentences. */
function sentence(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Connects (or replaces) the viewer's CalDAV calendar. The server reads it once before it
 * keeps anything, so a wrong address or password is refused here, by field. */
export function ConnectCalendarForm({
  current,
  onConnected,
  onCancel,
}: {
  current: ConnectedCalendarFieldsFragment | null;
  onConnected: (calendar: ConnectedCalendarFieldsFragment) => void;
  onCancel?: () => void;
}) {
  const [url, setUrl] = useState(current?.url ?? '');
  const [username, setUsername] = useState(current?.username ?? '');
  const [password, setPassword] = useState('');
  const [writeMeetings, setWriteMeetings] = useState(current?.writeMeetings ?? true);
  const [fields, setFields] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, connect] = useMutation(ConnectCalendarMutation);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const result = await connect({ input: { url: url.trim(), username: username.trim(), password, writeMeetings } });
    const answer = result.data?.connectCalendar;
    if (answer === undefined) {
      setFields({});
      setProblem('The calendar could not be connected. Try again in a moment.');
      return;
    }
    if (answer.__typename !== 'CalendarConnected') {
      const refusal = refusalOf(answer);
      setFields(refusal.fields);
      setProblem(refusalSummary(refusal, (field) => PLACED.has(field), 'connected'));
      return;
    }
    setFields({});
    setPassword('');
    onConnected(answer.calendar);
  };

  return (
    <form className="calendar-form" onSubmit={(event) => void submit(event)} noValidate>
      <Field
        label="Calendar URL"
        error={sentence(fields.url)}
        hint="The CalDAV address of one calendar, e.g. https://calendar.example.com/dav/ada/meetings/ (your calendar app's settings show it)."
      >
        {(describedBy) => (
          <input
            type="url"
            value={url}
            onChange={(event) => setUrl(event.target.value)}
            aria-describedby={describedBy}
            aria-invalid={fields.url !== undefined}
            autoComplete="off"
            required
          />
        )}
      </Field>
      <Field label="User name" error={sentence(fields.username)}>
        {(describedBy) => (
          <input
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            aria-describedby={describedBy}
            aria-invalid={fields.username !== undefined}
            autoComplete="username"
            required
          />
        )}
      </Field>
      <Field
        label="Password"
        error={sentence(fields.password)}
        hint="An app password if your provider offers one. Stored encrypted; never shown again."
      >
        {(describedBy) => (
          <input
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-describedby={describedBy}
            aria-invalid={fields.password !== undefined}
            autoComplete="new-password"
            required
          />
        )}
      </Field>
      <label className="check">
        <input type="checkbox" checked={writeMeetings} onChange={(event) => setWriteMeetings(event.target.checked)} />
        Also write the meetings booked with me into this calendar
      </label>
      <Notice message={problem} />
      <div className="actions">
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button type="submit" disabled={fetching}>
          {fetching ? 'Checking the calendar…' : current === null ? 'Connect calendar' : 'Save and check'}
        </button>
      </div>
    </form>
  );
}
