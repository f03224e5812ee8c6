import type { Assignment } from '../gql/graphql';

export const ASSIGNMENT_NAMES: Record<Assignment, string> = {
  COLLECTIVE: 'Every host',
  ROUND_ROBIN: 'One host, by turns',
  RULES: 'One host, routed by the answers',
  STATIC: 'One fixed host',
};

const DESCRIPTIONS: Record<Assignment, string> = {
  COLLECTIVE: 'every host attends; a time is offered when all are free',
  ROUND_ROBIN: 'the host whose turn it is among those free; a time is offered when any is free',
  RULES: 'by turns within the pool the routing rules pick from the booking form’s answers',
  STATIC: 'the link has exactly one host',
};

/** Who attends the link's meetings. Going from turns to one fixed host disables, for good, the
 * single-use links minted before: `unusedSingleUse` of them still could be booked. */
export function AssignmentChoice({
  value,
  was,
  unusedSingleUse,
  onChange,
}: {
  value: Assignment;
  was: Assignment;
  unusedSingleUse: number;
  onChange: (value: Assignment) => void;
}) {
  const disables = (was === 'ROUND_ROBIN' || was === 'RULES') && value === 'STATIC';
  return (
    <fieldset>
      <legend>Who attends</legend>
      {(Object.keys(ASSIGNMENT_NAMES) as Assignment[]).map((choice) => (
        <label className="check" key={choice}>
          <input type="radio" name="assignment" checked={value === choice} onChange={() => onChange(choice)} />
          {ASSIGNMENT_NAMES[choice]}: {DESCRIPTIONS[choice]}
        </label>
      ))}
      {disables ? (
        <p className="notice" role="alert">
          Saving disables the single-use links minted so far, for good ({unusedSingleUse} not used yet); meetings
          booked through them can be cancelled, not rescheduled. Links you mint afterwards work.
        </p>
      ) : null}
    </fieldset>
  );
}
