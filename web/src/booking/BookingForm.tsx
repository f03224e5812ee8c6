import { useState, type FormEvent } from 'react';
import type { Answers, Question } from './answers';
import { QuestionFields } from './QuestionFields';

export interface Invitee {
  name: string;
  email: string;
  notes: string;
  answers: Answers;
}

interface Props {
  when: string;
  initial: Invitee;
  /** The link's questions still to answer. */
  questions: readonly Question[];
  busy: boolean;
  fieldErrors: ReadonlyMap<string, string>;
  onBack: () => void;
  onSubmit: (invitee: Invitee) => void;
  /** Every keystroke: what was typed outlives the form (a time taken meanwhile closes it). */
  onChange?: (invitee: Invitee) => void;
}

/** Who is booking. Field errors come from the API, named by field. */
export function BookingForm({ when, initial, questions, busy, fieldErrors, onBack, onSubmit, onChange }: Props) {
  const [invitee, setTyped] = useState(initial);
  const setInvitee = (typed: Invitee) => {
    setTyped(typed);
    onChange?.(typed);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(invitee);
  };
  const field = (name: 'name' | 'email' | 'notes', label: string, type: string, apiName: string) => {
    const error = fieldErrors.get(apiName);
    return (
      <label className="field">
        <span>{label}</span>
        {name === 'notes' ? (
          <textarea
            value={invitee[name]}
            maxLength={5000}
            onChange={(event) => setInvitee({ ...invitee, [name]: event.target.value })}
          />
        ) : (
          <input
            type={type}
            required
            value={invitee[name]}
            aria-invalid={error !== undefined}
            autoComplete={name === 'email' ? 'email' : 'name'}
            onChange={(event) => setInvitee({ ...invitee, [name]: event.target.value })}
          />
        )}
        {error !== undefined && <span className="error">{error}</span>}
      </label>
    );
  };
  return (
    <form className="booking-form" onSubmit={submit} aria-label="Your details">
      <p className="when">{when}</p>
      {field('name', 'Name', 'text', 'invitee.name')}
      {field('email', 'Email', 'email', 'invitee.email')}
      <QuestionFields
        questions={questions}
        answers={invitee.answers}
        fieldErrors={fieldErrors}
        onChange={(answers) => setInvitee({ ...invitee, answers })}
      />
      {field('notes', 'Anything to prepare? (optional)', 'text', 'notes')}
      <div className="actions">
        <button type="button" className="secondary" onClick={onBack} disabled={busy}>
          Back
        </button>
        <button type="submit" disabled={busy}>
          {busy ? 'Booking…' : 'Book the meeting'}
        </button>
      </div>
    </form>
  );
}
