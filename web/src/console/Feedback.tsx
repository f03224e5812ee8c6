import { type ReactNode, useId } from 'react';

export type FieldErrors = Record<string, string>;

type Refused =
  | { __typename: 'InvalidInput'; message: string; fieldErrors: readonly { field: string; message: string }[] }
  | { __typename: string; message: string };

/** A typed refusal as messages: by field where it names one, else one message. */
export function refusalOf(result: Refused): { message: string; fields: FieldErrors } {
  const fields: FieldErrors = {};
  if ('fieldErrors' in result) {
    for (const error of result.fieldErrors) fields[error.field] = error.message;
  }
  return { message: result.message, fields };
}

/** What a form says under itself after a refusal: that nothing was `done` when some errors
 * stand by their fields (`placed`), else the refusal's own message; then the errors it has no
 * place for, each with its field. */
export function refusalSummary(
  refusal: { message: string; fields: FieldErrors },
  placed: (field: string) => boolean,
  done = 'saved',
): string {
  const elsewhere = Object.entries(refusal.fields)
    .filter(([field]) => !placed(field))
    .map(([field, message]) => `${field}: ${message}`);
  const marked = Object.keys(refusal.fields).length > elsewhere.length;
  return [marked ? `Nothing was ${done}: check the fields marked above.` : refusal.message, ...elsewhere].join(' ');
}

/** A short message about the last action; nothing when there is none. */
export function Notice({ message, tone = 'error' }: { message: string | null; tone?: 'error' | 'done' }) {
  if (message === null) return null;
  return (
    <p className={`notice ${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {message}
    </p>
  );
}

/** What a screen shows when it has nothing yet: what to do next. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="empty">
      <h2>{title}</h2>
      <p>{children}</p>
    </div>
  );
}

/** A labelled input with its field error (or hint) below it: they describe the input, outside
 * its label, so that its accessible name stays the label alone. */
export function Field({
  label,
  error,
  children,
  hint,
}: {
  label: string;
  error?: string;
  hint?: string;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const id = useId();
  const describedBy = error || hint ? id : undefined;
  return (
    <div className="field">
      <label>
        <span>{label}</span>
        {children(describedBy)}
      </label>
      {error ? (
        <span className="error" id={id}>
          {error}
        </span>
      ) : hint ? (
        <span className="hint" id={id}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}
