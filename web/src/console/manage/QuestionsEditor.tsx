import type { QuestionKind } from '../gql/graphql';
import { Field, type FieldErrors } from '../Feedback';
import { errorsUnder, isChoiceKind, QUESTION_KIND_NAMES, type QuestionDraft } from './routingForm';

/** The booking form's questions, in the order invitees see them. */
export function QuestionsEditor({
  questions,
  fields,
  onChange,
  onAdd,
  onRemove,
  onMove,
}: {
  questions: readonly QuestionDraft[];
  fields: FieldErrors;
  onChange: (index: number, next: Partial<QuestionDraft>) => void;
  onAdd: () => void;
  onRemove: (index: number) => void;
  onMove: (index: number, by: -1 | 1) => void;
}) {
  return (
    <fieldset>
      <legend>Questions</legend>
      {fields.questions ? <p className="error">{fields.questions}</p> : null}
      {questions.length === 0 ? (
        <p className="hint">No questions yet: add one to ask invitees on the booking form.</p>
      ) : null}
      {questions.map((question, i) => {
        const errors = errorsUnder(fields, `questions[${i}]`);
        const name = `Question ${i + 1}`;
        const input = (key: 'key' | 'label' | 'minimum' | 'maximum', label: string, hint?: string) => (
          <Field label={label} error={errors[key]} hint={hint}>
            {(describedBy) => (
              <input
                type={key === 'minimum' || key === 'maximum' ? 'number' : 'text'}
                value={question[key]}
                onChange={(event) => onChange(i, { [key]: event.target.value })}
                aria-describedby={describedBy}
                aria-invalid={errors[key] ? true : undefined}
              />
            )}
          </Field>
        );
        return (
          <fieldset key={question.draftId} className="routing-item">
            <legend>{question.label.trim() ? `${name}: ${question.label.trim()}` : name}</legend>
            {input('label', 'Label', 'What the invitee reads.')}
            {input('key', 'Key', 'How rules and answers name it: letters, digits, - or _.')}
            <Field label="Kind" error={errors.kind}>
              {(describedBy) => (
                <select
                  value={question.kind}
                  onChange={(event) => onChange(i, { kind: event.target.value as QuestionKind })}
                  aria-describedby={describedBy}
                >
                  {(Object.keys(QUESTION_KIND_NAMES) as QuestionKind[]).map((kind) => (
                    <option key={kind} value={kind}>
                      {QUESTION_KIND_NAMES[kind]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <label className="check">
              <input type="checkbox" checked={question.required} onChange={(event) => onChange(i, { required: event.target.checked })} />
              Required
            </label>
            {isChoiceKind(question.kind) ? (
              <Field label="Options" error={errors.options} hint="One a line.">
                {(describedBy) => (
                  <textarea
                    rows={3}
                    value={question.optionsText}
                    onChange={(event) => onChange(i, { optionsText: event.target.value })}
                    aria-describedby={describedBy}
                    aria-invalid={errors.options ? true : undefined}
                  />
                )}
              </Field>
            ) : null}
            {question.kind === 'NUMBER' ? (
              <>
                {input('minimum', 'Smallest answer', 'Empty: no lower bound.')}
                {input('maximum', 'Largest answer', 'Empty: no upper bound.')}
              </>
            ) : null}
            <div className="row-actions">
              <button type="button" className="secondary small" disabled={i === 0} onClick={() => onMove(i, -1)}>
                Move up<span className="visually-hidden"> {name}</span>
              </button>
              <button type="button" className="secondary small" disabled={i === questions.length - 1} onClick={() => onMove(i, 1)}>
                Move down<span className="visually-hidden"> {name}</span>
              </button>
              <button type="button" className="secondary small" onClick={() => onRemove(i)}>
                Remove<span className="visually-hidden"> {name}</span>
              </button>
            </div>
          </fieldset>
        );
      })}
      <button type="button" className="secondary small routing-add" onClick={onAdd}>
        Add question
      </button>
    </fieldset>
  );
}
