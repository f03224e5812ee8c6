import { EmptyState } from '../Feedback';
import { LOCATION_NAMES, type MeetingType } from './MeetingTypeDialog';

/** The organization's meeting types: what links book, and for how long. */
export function MeetingTypesSection({
  meetingTypes,
  onAdd,
  onEdit,
}: {
  meetingTypes: readonly MeetingType[];
  onAdd: () => void;
  onEdit: (meetingType: MeetingType) => void;
}) {
  return (
    <section aria-labelledby="meeting-types-title" className="meeting-types">
      <div className="screen-head">
        <h2 id="meeting-types-title">Meeting types</h2>
        <button type="button" className="secondary" onClick={onAdd}>
          New meeting type
        </button>
      </div>
      <p className="hint">A change of duration or place reaches every link of that type and its single-use links.</p>
      {meetingTypes.length === 0 ? (
        <EmptyState title="No meeting types yet">Add one with New meeting type; every link books one.</EmptyState>
      ) : (
        <table className="table" aria-labelledby="meeting-types-title">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Duration</th>
              <th scope="col">Location</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {meetingTypes.map((type) => (
              <tr key={type.id}>
                <td>{type.name}</td>
                <td>{type.durationMinutes} min</td>
                <td>
                  {LOCATION_NAMES[type.location.kind]}
                  {type.location.details ? <span className="hint"> · {type.location.details}</span> : null}
                </td>
                <td>
                  <button type="button" className="secondary small" onClick={() => onEdit(type)}>
                    Edit<span className="visually-hidden"> meeting type {type.name}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
