import { useId } from 'react';

type Person = { id: string; name: string };

/** The hosts of a link as checkboxes: everyone checked must be free for a slot to be offered. */
export function HostChoices({
  users,
  chosen,
  onChange,
  error,
}: {
  users: readonly Person[];
  chosen: readonly string[];
  onChange: (hostIds: string[]) => void;
  error?: string;
}) {
  const helpId = useId();
  const toggle = (id: string, on: boolean) =>
    onChange(on ? [...chosen, id] : chosen.filter((hostId) => hostId !== id));
  return (
    <fieldset className="host-choices" aria-describedby={helpId}>
      <legend>Hosts</legend>
      <div className="host-list">
        {users.map((user) => (
          <label key={user.id} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(user.id)}
              onChange={(event) => toggle(user.id, event.target.checked)}
            />
            {user.name}
          </label>
        ))}
      </div>
      {error ? (
        <p className="error" id={helpId}>
          {error}
        </p>
      ) : (
        <p className="hint" id={helpId}>
          Everyone checked must be free for a time to be offered.
        </p>
      )}
    </fieldset>
  );
}
