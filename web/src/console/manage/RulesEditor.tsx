import { useId } from 'react';
import type { RoutingOperator } from '../gql/graphql';
import { Field, type FieldErrors } from '../Feedback';
import { errorsUnder, type HostDraft, OPERATOR_NAMES, operatorsFor, type QuestionDraft, type RuleDraft } from './routingForm';
import { RuleValues } from './RuleValues';

/** The routing rules in order: each reads one question's answer and names a pool of hosts. */
export function RulesEditor({
  rules,
  questions,
  hosts,
  fields,
  onChange,
  onQuestion,
  onAdd,
  onRemove,
  onMove,
}: {
  rules: readonly RuleDraft[];
  questions: readonly QuestionDraft[];
  hosts: readonly HostDraft[];
  fields: FieldErrors;
  onChange: (index: number, next: Partial<RuleDraft>) => void;
  onQuestion: (index: number, questionDraftId: string) => void;
  onAdd: () => void;
  onRemove: (index: number) => void;
  onMove: (index: number, by: -1 | 1) => void;
}) {
  const poolHelpId = useId();
  const questionName = (question: QuestionDraft, i: number) => question.label.trim() || question.key.trim() || `Question ${i + 1}`;
  return (
    <fieldset>
      <legend>Routing rules</legend>
      <p className="hint">The first rule the answers meet picks the pool; none met: any host of the link.</p>
      {fields.routingRules ? <p className="error">{fields.routingRules}</p> : null}
      {rules.length === 0 ? (
        <p className="hint">
          {questions.length === 0 ? 'Add a question first: rules read its answers.' : 'No rules yet: every booking goes to any host of the link.'}
        </p>
      ) : null}
      {rules.map((rule, i) => {
        const errors = errorsUnder(fields, `routingRules[${i}]`);
        const question = questions.find((each) => each.draftId === rule.questionDraftId);
        const name = `Rule ${i + 1}`;
        const toggleHost = (id: string, on: boolean) =>
          onChange(i, { hostIds: on ? [...rule.hostIds, id] : rule.hostIds.filter((hostId) => hostId !== id) });
        return (
          <fieldset key={i} className="routing-item">
            <legend>{name}</legend>
            <Field label="Question" error={errors.question}>
              {(describedBy) => (
                <select value={rule.questionDraftId} onChange={(event) => onQuestion(i, event.target.value)} aria-describedby={describedBy}>
                  {question === undefined ? <option value="">Pick a question</option> : null}
                  {questions.map((each, at) => (
                    <option key={each.draftId} value={each.draftId}>
                      {questionName(each, at)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Condition" error={errors.operator}>
              {(describedBy) => (
                <select
                  value={rule.operator}
                  onChange={(event) => onChange(i, { operator: event.target.value as RoutingOperator })}
                  aria-describedby={describedBy}
                  disabled={question === undefined}
                >
                  {(question === undefined ? [rule.operator] : operatorsFor(question.kind)).map((operator) => (
                    <option key={operator} value={operator}>
                      {OPERATOR_NAMES[operator]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <RuleValues rule={rule} question={question} errors={errors} onChange={(next) => onChange(i, next)} />
            <fieldset aria-describedby={`${poolHelpId}-${i}`}>
              <legend>Pool</legend>
              {hosts.map((host) => (
                <label className="check" key={host.userId}>
                  <input
                    type="checkbox"
                    checked={rule.hostIds.includes(host.userId)}
                    onChange={(event) => toggleHost(host.userId, event.target.checked)}
                  />
                  {host.name}
                </label>
              ))}
              <p className={errors.hostIds ? 'error' : 'hint'} id={`${poolHelpId}-${i}`}>
                {errors.hostIds ?? 'One of the hosts checked attends, by turns.'}
              </p>
            </fieldset>
            <div className="row-actions">
              <button type="button" className="secondary small" disabled={i === 0} onClick={() => onMove(i, -1)}>
                Move up<span className="visually-hidden"> {name}</span>
              </button>
              <button type="button" className="secondary small" disabled={i === rules.length - 1} onClick={() => onMove(i, 1)}>
                Move down<span className="visually-hidden"> {name}</span>
              </button>
              <button type="button" className="secondary small" onClick={() => onRemove(i)}>
                Remove<span className="visually-hidden"> {name}</span>
              </button>
            </div>
          </fieldset>
        );
      })}
      <button type="button" className="secondary small routing-add" disabled={questions.length === 0} onClick={onAdd}>
        Add rule
      </button>
    </fieldset>
  );
}
