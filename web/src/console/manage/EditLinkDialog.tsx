import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import type { ManageChoicesQuery } from '../gql/graphql';
import { Field, type FieldErrors, Notice, refusalOf, refusalSummary } from '../Feedback';
import { Modal } from '../Modal';
import { AssignmentChoice } from './AssignmentChoice';
import { BookableByChoice } from './BookableByChoice';
import { HostChoices } from './HostChoices';
import { changesOf, formOf, type LinkForm, type ManagedLink } from './linkForm';
import { UpdateManagedLinkMutation } from './operations';

type Choices = Pick<ManageChoicesQuery, 'users' | 'meetingTypes'>;
type TextKey = { [Key in keyof LinkForm]: LinkForm[Key] extends string ? Key : never }[keyof LinkForm];

// The fields this form shows errors next to; others are listed under it.
const PLACED = [
  'name',
  'slug',
  'meetingTypeId',
  'hostIds',
  'expiresAt',
  'startsBefore',
  'minimumNoticeMinutes',
  'bookingHorizonDays',
  'slotIntervalMinutes',
  'changePolicy.rescheduleNoticeMinutes',
  'changePolicy.cancelNoticeMinutes',
  'changePolicy.maxReschedules',
];

/** Every setting of a link an admin may change; only what changed is sent, and every
 * single-use link of it follows at once. */
export function EditLinkDialog({
  link,
  choices,
  onClose,
  onSaved,
}: {
  link: ManagedLink;
  choices: Choices;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const [form, setForm] = useState<LinkForm>(() => formOf(link));
  const [fields, setFields] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, update] = useMutation(UpdateManagedLinkMutation);
  const set = (next: Partial<LinkForm>) => setForm((was) => ({ ...was, ...next }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { changes, errors } = changesOf(link, form);
    setFields(errors);
    if (Object.keys(errors).length > 0) {
      setProblem('Check the fields marked above.');
      return;
    }
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    const result = await update({ input: { id: link.id, ...changes } });
    const saved = result.data?.updateLink;
    if (saved === undefined) {
      setProblem('The changes could not be saved. Try again in a moment.');
      return;
    }
    if (saved.__typename !== 'LinkSaved') {
      const refusal = refusalOf(saved);
      setFields(refusal.fields);
      setProblem(refusalSummary(refusal, (field) => PLACED.includes(field)));
      return;
    }
    onSaved(`Saved the changes to ${form.name.trim() || link.name}.`);
    onClose();
  };

  const text = (key: TextKey, label: string, type: 'text' | 'number' | 'datetime-local', hint?: string, error: string = key) => (
    <Field label={label} error={fields[error]} hint={hint}>
      {(describedBy) => (
        <input
          type={type}
          min={type === 'number' ? 0 : undefined}
          value={form[key]}
          onChange={(event) => set({ [key]: event.target.value })}
          aria-describedby={describedBy}
          aria-invalid={fields[error] ? true : undefined}
        />
      )}
    </Field>
  );

  return (
    <Modal title={`Edit ${link.name}`} onClose={onClose}>
      <form className="manage-form" onSubmit={(event) => void submit(event)} noValidate>
        <p className="hint">Single-use links of this link follow every change (their own shorter expiry stays).</p>
        <p>
          Owner: <strong>{link.owner.name}</strong>
          {link.managed ? ' (managed by admins)' : ''}
        </p>
        {text('name', 'Name', 'text')}
        {text('slug', 'Address (slug)', 'text', 'Changing it retires the old address; single-use links keep working.')}
        <Field label="Meeting type" error={fields.meetingTypeId}>
          {(describedBy) => (
            <select
              value={form.meetingTypeId}
              onChange={(event) => set({ meetingTypeId: event.target.value })}
              aria-describedby={describedBy}
            >
              {choices.meetingTypes.map((type) => (
                <option key={type.id} value={type.id}>
                  {type.name} ({type.durationMinutes} min)
                </option>
              ))}
            </select>
          )}
        </Field>
        <HostChoices users={choices.users} chosen={form.hostIds} onChange={(hostIds) => set({ hostIds })} error={fields.hostIds} />
        <fieldset>
          <legend>When it can be booked</legend>
          {text('expiresAt', 'Bookable until', 'datetime-local', 'Empty: no expiry.')}
          {text('startsBefore', 'Meetings must start before', 'datetime-local', 'Empty: no cutoff.')}
          {text('minimumNoticeMinutes', 'Minimum notice (minutes)', 'number')}
          {text('bookingHorizonDays', 'Booking horizon (days ahead)', 'number')}
          {text('slotIntervalMinutes', 'Slot interval (minutes)', 'number')}
          <label className="check">
            <input type="checkbox" checked={form.active} onChange={(event) => set({ active: event.target.checked })} />
            Switched on (off: the link and its single-use links take no bookings)
          </label>
        </fieldset>
        <fieldset>
          <legend>What the invitee may change</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={form.inviteeMayReschedule}
              onChange={(event) => set({ inviteeMayReschedule: event.target.checked })}
            />
            The invitee may reschedule
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={form.inviteeMayCancel}
              onChange={(event) => set({ inviteeMayCancel: event.target.checked })}
            />
            The invitee may cancel
          </label>
          {text('rescheduleNoticeMinutes', 'Reschedule notice (minutes)', 'number', 'Empty: the minimum notice.', 'changePolicy.rescheduleNoticeMinutes')}
          {text('cancelNoticeMinutes', 'Cancel notice (minutes)', 'number', 'Empty: the minimum notice.', 'changePolicy.cancelNoticeMinutes')}
          {text('maxReschedules', 'Reschedules allowed per meeting', 'number', 'Empty: no limit.', 'changePolicy.maxReschedules')}
        </fieldset>
        <BookableByChoice value={form.bookableBy} onChange={(bookableBy) => set({ bookableBy })} />
        <AssignmentChoice
          value={form.assignment}
          was={link.assignment}
          unusedSingleUse={link.activeSingleUse.totalCount}
          onChange={(assignment) => set({ assignment })}
        />
        <Notice message={problem} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={fetching}>
            Save changes
          </button>
        </div>
      </form>
    </Modal>
  );
}
