import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import { Field, type FieldErrors, Notice, refusalOf } from '../Feedback';
import { downloadCsv, instantOfLocal } from '../format';
import { Modal } from '../Modal';
import { MintManyMutation } from './operations';

/** N single-use links of one link with a label, downloaded as a CSV (their addresses are shown
 * this once). */
export function BulkMintDialog({ link, onClose }: { link: { id: string; name: string }; onClose: () => void }) {
  const [count, setCount] = useState('10');
  const [label, setLabel] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);
  const [{ fetching }, mint] = useMutation(MintManyMutation);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const wanted = Number(count);
    const result = await mint({
      input: {
        linkId: link.id,
        count: Number.isInteger(wanted) ? wanted : 0,
        label: label.trim(),
        expiresAt: instantOfLocal(expiresAt),
      },
    });
    const made = result.data?.createSingleUseLinks;
    if (made === undefined) {
      setProblem('The links could not be made. Try again in a moment.');
      return;
    }
    if (made.__typename !== 'SingleUseLinksCreated') {
      const refusal = refusalOf(made);
      setFields(refusal.fields);
      setProblem(refusal.message);
      return;
    }
    setProblem(null);
    setFields({});
    downloadCsv(
      `${link.name.replace(/[^\w-]+/g, '-')}-single-use-links.csv`,
      ['url', 'label', 'expires_at', 'created_at'],
      made.created.map((one) => [
        one.url,
        one.singleUseLink.label,
        one.singleUseLink.expiresAt ?? '',
        one.singleUseLink.createdAt,
      ]),
    );
    setDone(`${made.created.length} single-use links made; their CSV is downloading.`);
  };

  return (
    <Modal title={`Mint single-use links of ${link.name}`} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Field label="How many" error={fields.count}>
          {(describedBy) => (
            <input
              type="number"
              min={1}
              max={1000}
              value={count}
              onChange={(event) => setCount(event.target.value)}
              aria-describedby={describedBy}
            />
          )}
        </Field>
        <Field label="Label" error={fields.label} hint="The campaign or list they are for.">
          {(describedBy) => (
            <input value={label} onChange={(event) => setLabel(event.target.value)} aria-describedby={describedBy} />
          )}
        </Field>
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
        <Notice message={problem} />
        <Notice message={done} tone="done" />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            Close
          </button>
          <button type="submit" disabled={fetching}>
            Mint and download CSV
          </button>
        </div>
      </form>
    </Modal>
  );
}
