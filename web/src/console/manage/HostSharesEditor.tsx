import { useId } from 'react';
import type { Assignment } from '../gql/graphql';
import { Field, type FieldErrors } from '../Feedback';
import { type HostDraft, PRIORITY_RANGE, WEIGHT_RANGE } from './routingForm';

const PRIORITIES = Array.from({ length: PRIORITY_RANGE[1] - PRIORITY_RANGE[0] + 1 }, (_, i) => String(PRIORITY_RANGE[1] - i));

/** Each host's weight and priority: how one host is picked when one attends by turns. */
export function HostSharesEditor({
  hosts,
  assignment,
  fields,
  onChange,
}: {
  hosts: readonly HostDraft[];
  assignment: Assignment;
  fields: FieldErrors;
  onChange: (hosts: HostDraft[]) => void;
}) {
  const helpId = useId();
  const byTurns = assignment === 'ROUND_ROBIN' || assignment === 'RULES';
  const set = (index: number, next: Partial<HostDraft>) =>
    onChange(hosts.map((host, i) => (i === index ? { ...host, ...next } : host)));
  return (
    <fieldset aria-describedby={helpId}>
      <legend>Hosts’ shares</legend>
      <p className="hint" id={helpId}>
        {byTurns
          ? 'The free hosts of the highest priority are picked first; among them, a host of weight 2 takes twice the meetings.'
          : 'Weights and priorities count only when one host attends by turns or by the routing rules; this link does not pick one host now, so they are kept for later.'}
      </p>
      {fields.hostSettings ? <p className="error">{fields.hostSettings}</p> : null}
      {hosts.map((host, i) => (
        <div className="routing-host" key={host.userId} role="group" aria-label={host.name}>
          <strong>{host.name}</strong>
          <Field label={`Weight (${WEIGHT_RANGE[0]}-${WEIGHT_RANGE[1]})`} error={fields[`hostSettings[${i}].weight`]}>
            {(describedBy) => (
              <input
                type="number"
                min={WEIGHT_RANGE[0]}
                max={WEIGHT_RANGE[1]}
                value={host.weight}
                onChange={(event) => set(i, { weight: event.target.value })}
                aria-describedby={describedBy}
                aria-invalid={fields[`hostSettings[${i}].weight`] ? true : undefined}
              />
            )}
          </Field>
          <Field label="Priority" error={fields[`hostSettings[${i}].priority`]}>
            {(describedBy) => (
              <select value={host.priority} onChange={(event) => set(i, { priority: event.target.value })} aria-describedby={describedBy}>
                {PRIORITIES.map((priority) => (
                  <option key={priority} value={priority}>
                    {priority}
                    {priority === String(PRIORITY_RANGE[1]) ? ' (first)' : priority === String(PRIORITY_RANGE[0]) ? ' (last)' : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      ))}
    </fieldset>
  );
}
