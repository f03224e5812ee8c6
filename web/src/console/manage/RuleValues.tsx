import { useId } from 'react';
import { Field } from '../Feedback';
import { isChoiceKind, optionsOf, type QuestionDraft, type RuleDraft } from './routingForm';

/** What a rule compares the answer with: the question's options as checkboxes, a text or
 * number, or a range for BETWEEN. */
export function RuleValues({
  rule,
  question,
  errors,
  onChange,
}: {
  rule: RuleDraft;
  question: QuestionDraft | undefined;
  errors: Record<string, string>;
  onChange: (next: Partial<RuleDraft>) => void;
}) {
  const helpId = useId();
  if (question === undefined) return null;
  if (rule.operator === 'BETWEEN') {
    const bound = (key: 'minimum' | 'maximum', label: string) => (
      <Field label={label} error={errors[key]} hint="Empty: no bound on this side.">
        {(describedBy) => (
          <input
            type="number"
            value={rule[key]}
            onChange={(event) => onChange({ [key]: event.target.value })}
            aria-describedby={describedBy}
            aria-invalid={errors[key] ? true : undefined}
          />
        )}
      </Field>
    );
    return (
      <>
        {bound('minimum', 'From (at least)')}
        {bound('maximum', 'To (at most)')}
      </>
    );
  }
  if (isChoiceKind(question.kind)) {
    const options = optionsOf(question.optionsText);
    const stale = rule.chosen.filter((value) => !options.includes(value));
    const toggle = (value: string, on: boolean) =>
      onChange({ chosen: on ? [...rule.chosen, value] : rule.chosen.filter((chosen) => chosen !== value) });
    const single = rule.operator !== 'IN';
    return (
      <fieldset aria-describedby={helpId} aria-invalid={errors.values ? true : undefined}>
        <legend>Values</legend>
        {options.length === 0 && stale.length === 0 ? <p className="hint">Give the question its options first.</p> : null}
        {[...options, ...stale].map((value) => (
          <label className="check" key={value}>
            <input type="checkbox" checked={rule.chosen.includes(value)} onChange={(event) => toggle(value, event.target.checked)} />
            {stale.includes(value) ? `${value} (no longer an option: uncheck it)` : value}
          </label>
        ))}
        <p className={errors.values ? 'error' : 'hint'} id={helpId}>
          {errors.values ?? (single ? 'Check exactly one.' : 'Check one or more.')}
        </p>
      </fieldset>
    );
  }
  const several = rule.operator === 'IN';
  return (
    <Field label={several ? 'Values' : 'Value'} error={errors.values} hint={several ? 'One a line.' : undefined}>
      {(describedBy) =>
        several ? (
          <textarea
            rows={3}
            value={rule.valuesText}
            onChange={(event) => onChange({ valuesText: event.target.value })}
            aria-describedby={describedBy}
            aria-invalid={errors.values ? true : undefined}
          />
        ) : (
          <input
            type={question.kind === 'NUMBER' ? 'number' : 'text'}
            value={rule.valuesText}
            onChange={(event) => onChange({ valuesText: event.target.value })}
            aria-describedby={describedBy}
            aria-invalid={errors.values ? true : undefined}
          />
        )
      }
    </Field>
  );
}
