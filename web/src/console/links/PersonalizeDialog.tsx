import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { copyText } from '../clipboard';
import { Field, type FieldErrors, Notice, refusalOf } from '../Feedback';
import { instantOfLocal } from '../format';
import { Modal } from '../Modal';
import { MintOneMutation } from './operations';

type Copied = { url: string; onClipboard: boolean };

/** A single-use link made for one invitee: their name and email filled in, the form skipped
 * if asked, only they may book with it; copied on "Copy & close". */
export function PersonalizeDialog({
  link,
  onClose,
  onCopied,
}: {
  link: { id: string; name: string };
  onClose: () => void;
  onCopied: (copied: Copied) => void;
}) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [skipForm, setSkipForm] = useState(true);
  const [lockToInvitee, setLockToInvitee] = useState(false);
  const [expiresAt, setExpiresAt] = useState('');
  const [maxUses, setMaxUses] = useState('1');
  const [label, setLabel] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});
  const [{ fetching }, mint] = useMutation(MintOneMutation);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const uses = Number(maxUses);
    const invitee = name.trim() || email.trim() ? { name: name.trim(), email: email.trim() } : null;
    const result = await mint({
      input: {
        linkId: link.id,
        label: label.trim() || (invitee ? invitee.name || invitee.email : ''),
        invitee,
        skipForm: invitee ? skipForm : null,
        lockToInvitee,
        expiresAt: instantOfLocal(expiresAt),
        maxUses: Number.isInteger(uses) ? uses : 0,
      },
    });
    const made = result.data?.createSingleUseLink;
    if (made === undefined) {
      setProblem('The link could not be made. Try again in a moment.');
      return;
    }
    if (made.__typename !== 'SingleUseLinkCreated') {
      const refusal = refusalOf(made);
      setFields(refusal.fields);
      setProblem(refusal.message);
      return;
    }
    onCopied({ url: made.url, onClipboard: await copyText(made.url) });
    onClose();
  };

  return (
    <Modal title={`Personalize a single-use link of ${link.name}`} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Field label="Invitee name" error={fields['invitee.name']}>
          {(describedBy) => (
            <input value={name} onChange={(event) => setName(event.target.value)} aria-describedby={describedBy} autoComplete="off" />
          )}
        </Field>
        <Field label="Invitee email" error={fields['invitee.email'] ?? fields.invitee}>
          {(describedBy) => (
            <input
              type="email"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-describedby={describedBy}
              autoComplete="off"
            />
          )}
        </Field>
        <label className="check">
          <input type="checkbox" checked={skipForm} onChange={(event) => setSkipForm(event.target.checked)} />
          Skip the form (the invitee only picks a time)
        </label>
        {fields.skipForm ? <p className="error">{fields.skipForm}</p> : null}
        <label className="check">
          <input
            type="checkbox"
            checked={lockToInvitee}
            onChange={(event) => setLockToInvitee(event.target.checked)}
          />
          Only this invitee may book with it
        </label>
        {fields.lockToInvitee ? <p className="error">{fields.lockToInvitee}</p> : null}
        <Field label="Can be used until" error={fields.expiresAt} hint="Empty: as long as the link itself.">
          {(describedBy) => (
            <input
              type="datetime-local"
              value={expiresAt}
              onChange={(event) => setExpiresAt(event.target.value)}
              aria-describedby={describedBy}
            />
          )}
        </Field>
        <Field label="Number of uses" error={fields.maxUses}>
          {(describedBy) => (
            <input
              type="number"
              min={1}
              max={100}
              value={maxUses}
              onChange={(event) => setMaxUses(event.target.value)}
              aria-describedby={describedBy}
            />
          )}
        </Field>
        <Field label="Label" error={fields.label} hint="For your own lists; the invitee's name when empty.">
          {(describedBy) => (
            <input value={label} onChange={(event) => setLabel(event.target.value)} aria-describedby={describedBy} />
          )}
        </Field>
        <Notice message={problem} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={fetching}>
            Copy &amp; close
          </button>
        </div>
      </form>
    </Modal>
  );
}
