import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import type { LocationKind, ManageChoicesQuery, UpdateMeetingTypeInput } from '../gql/graphql';
import { Field, type FieldErrors, Notice, refusalOf, refusalSummary } from '../Feedback';
import { Modal } from '../Modal';
import { CreateMeetingTypeMutation, UpdateMeetingTypeMutation } from './operations';

export type MeetingType = ManageChoicesQuery['meetingTypes'][number];

export const LOCATION_NAMES: Record<LocationKind, string> = {
  VIDEO: 'Video call',
  PHONE: 'Phone',
  IN_PERSON: 'In person',
  CUSTOM: 'Other',
};

const PLACED = ['name', 'durationMinutes', 'locationKind', 'locationDetails'];

type Form = { name: string; duration: string; locationKind: LocationKind; locationDetails: string };
type Refusal = Parameters<typeof refusalOf>[0];

/** A meeting type's name, length and place: new, or changed for every link of that type (and
 * their single-use links) at once. */
export function MeetingTypeDialog({
  meetingType,
  onClose,
  onSaved,
}: {
  meetingType: MeetingType | null;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const [form, setForm] = useState<Form>({
    name: meetingType?.name ?? '',
    duration: String(meetingType?.durationMinutes ?? 30),
    locationKind: meetingType?.location.kind ?? 'VIDEO',
    locationDetails: meetingType?.location.details ?? '',
  });
  const [fields, setFields] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [created, create] = useMutation(CreateMeetingTypeMutation);
  const [updated, update] = useMutation(UpdateMeetingTypeMutation);
  const set = (next: Partial<Form>) => setForm((was) => ({ ...was, ...next }));

  const refuse = (refused: Refusal) => {
    const refusal = refusalOf(refused);
    setFields(refusal.fields);
    setProblem(refusalSummary(refusal, (field) => PLACED.includes(field)));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const duration = form.duration.trim();
    if (!/^\d+$/.test(duration)) {
      setFields({ durationMinutes: 'enter a whole number of minutes' });
      setProblem('Check the fields marked above.');
      return;
    }
    const values = {
      name: form.name,
      durationMinutes: Number(duration),
      locationKind: form.locationKind,
      locationDetails: form.locationDetails,
    };
    if (meetingType === null) {
      const answer = (await create({ input: values })).data?.createMeetingType;
      if (answer === undefined) setProblem('The meeting type could not be saved. Try again in a moment.');
      else if (answer.__typename !== 'MeetingTypeSaved') refuse(answer);
      else {
        onSaved(`Added the meeting type ${answer.meetingType.name}.`);
        onClose();
      }
      return;
    }
    const changes: Omit<UpdateMeetingTypeInput, 'id'> = {};
    if (values.name !== meetingType.name) changes.name = values.name;
    if (values.durationMinutes !== meetingType.durationMinutes) changes.durationMinutes = values.durationMinutes;
    if (values.locationKind !== meetingType.location.kind) changes.locationKind = values.locationKind;
    if (values.locationDetails !== meetingType.location.details) changes.locationDetails = values.locationDetails;
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    const answer = (await update({ input: { id: meetingType.id, ...changes } })).data?.updateMeetingType;
    if (answer === undefined) setProblem('The meeting type could not be saved. Try again in a moment.');
    else if (answer.__typename !== 'MeetingTypeSaved') refuse(answer);
    else {
      onSaved(`Saved ${answer.meetingType.name}: every link of this type follows at once.`);
      onClose();
    }
  };

  return (
    <Modal title={meetingType === null ? 'New meeting type' : `Edit meeting type ${meetingType.name}`} onClose={onClose}>
      <form className="manage-form" onSubmit={(event) => void submit(event)} noValidate>
        {meetingType !== null ? (
          <p className="hint">
            Every link of this type and their single-use links show the change at once; meetings already booked keep
            their time.
          </p>
        ) : null}
        <Field label="Name" error={fields.name}>
          {(describedBy) => (
            <input value={form.name} onChange={(event) => set({ name: event.target.value })} aria-describedby={describedBy} />
          )}
        </Field>
        <Field label="Duration (minutes)" error={fields.durationMinutes}>
          {(describedBy) => (
            <input
              type="number"
              min={5}
              max={720}
              step={5}
              value={form.duration}
              onChange={(event) => set({ duration: event.target.value })}
              aria-describedby={describedBy}
              aria-invalid={fields.durationMinutes ? true : undefined}
            />
          )}
        </Field>
        <Field label="Location" error={fields.locationKind}>
          {(describedBy) => (
            <select
              value={form.locationKind}
              onChange={(event) => set({ locationKind: event.target.value as LocationKind })}
              aria-describedby={describedBy}
            >
              {Object.entries(LOCATION_NAMES).map(([kind, label]) => (
                <option key={kind} value={kind}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Location details" error={fields.locationDetails} hint="The video link, phone number or address.">
          {(describedBy) => (
            <input
              value={form.locationDetails}
              onChange={(event) => set({ locationDetails: event.target.value })}
              aria-describedby={describedBy}
            />
          )}
        </Field>
        <Notice message={problem} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={created.fetching || updated.fetching}>
            {meetingType === null ? 'Add meeting type' : 'Save meeting type'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
