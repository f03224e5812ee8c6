import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import type { BookableBy, ManageChoicesQuery } from '../gql/graphql';
import { Field, type FieldErrors, Notice, refusalOf, refusalSummary } from '../Feedback';
import { Modal } from '../Modal';
import { BookableByChoice } from './BookableByChoice';
import { HostChoices } from './HostChoices';
import { CreateManagedLinkMutation } from './operations';

type Choices = ManageChoicesQuery & { viewer: NonNullable<ManageChoicesQuery['viewer']> };

const PLACED = ['name', 'slug', 'meetingTypeId', 'ownerId', 'hostIds'];

/** A new link: for yourself, or for a member, which makes it a managed link (only admins may
 * change it; its owner may still mint single-use links from it). */
export function NewLinkDialog({
  choices,
  onClose,
  onCreated,
}: {
  choices: Choices;
  onClose: () => void;
  onCreated: (message: string) => void;
}) {
  const viewerId = choices.viewer.id;
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [meetingTypeId, setMeetingTypeId] = useState(choices.meetingTypes[0]?.id ?? '');
  const [ownerId, setOwnerId] = useState(viewerId);
  const [hostIds, setHostIds] = useState<string[]>([viewerId]);
  const [bookableBy, setBookableBy] = useState<BookableBy>(choices.viewer.organization.defaultBookableBy);
  const [fields, setFields] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [{ fetching }, create] = useMutation(CreateManagedLinkMutation);

  const chooseOwner = (next: string) => {
    // Hosts left as "the owner alone" follow the owner; a list chosen by hand stays.
    if (hostIds.length === 1 && hostIds[0] === ownerId) setHostIds([next]);
    setOwnerId(next);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({
      input: {
        name,
        slug: slug.trim() === '' ? null : slug.trim(),
        meetingTypeId,
        ownerId,
        hostIds,
        bookableBy,
      },
    });
    const made = result.data?.createLink;
    if (made === undefined) {
      setProblem('The link could not be created. Try again in a moment.');
      return;
    }
    if (made.__typename !== 'LinkSaved') {
      const refusal = refusalOf(made);
      setFields(refusal.fields);
      setProblem(refusalSummary(refusal, (field) => PLACED.includes(field), 'created'));
      return;
    }
    const owner = choices.users.find((user) => user.id === ownerId)?.name ?? 'its owner';
    onCreated(
      made.link.managed
        ? `Created ${made.link.name} for ${owner}: a managed link, which only admins may change.`
        : `Created ${made.link.name}.`,
    );
    onClose();
  };

  return (
    <Modal title="New link" onClose={onClose}>
      <form className="manage-form" onSubmit={(event) => void submit(event)} noValidate>
        <Field label="Name" error={fields.name}>
          {(describedBy) => (
            <input value={name} onChange={(event) => setName(event.target.value)} aria-describedby={describedBy} />
          )}
        </Field>
        <Field label="Address (slug)" error={fields.slug} hint="Empty: made from the name.">
          {(describedBy) => (
            <input value={slug} onChange={(event) => setSlug(event.target.value)} aria-describedby={describedBy} />
          )}
        </Field>
        <Field
          label="Meeting type"
          error={fields.meetingTypeId}
          hint={choices.meetingTypes.length === 0 ? 'Add a meeting type under Meeting types first.' : undefined}
        >
          {(describedBy) => (
            <select value={meetingTypeId} onChange={(event) => setMeetingTypeId(event.target.value)} aria-describedby={describedBy}>
              {choices.meetingTypes.map((type) => (
                <option key={type.id} value={type.id}>
                  {type.name} ({type.durationMinutes} min)
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Owner"
          error={fields.ownerId}
          hint={ownerId === viewerId ? 'Your own link; pick a member to make a managed link for them.' : 'A managed link: only admins may change it; its owner mints single-use links from it.'}
        >
          {(describedBy) => (
            <select value={ownerId} onChange={(event) => chooseOwner(event.target.value)} aria-describedby={describedBy}>
              {choices.users.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <HostChoices users={choices.users} chosen={hostIds} onChange={setHostIds} error={fields.hostIds} />
        <BookableByChoice value={bookableBy} onChange={setBookableBy} />
        <Notice message={problem} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={fetching || meetingTypeId === ''}>
            Create link
          </button>
        </div>
      </form>
    </Modal>
  );
}
