import type { LinkStatus } from '../gql/graphql';
import { ConsoleLink } from '../ConsoleLink';
import { formatDateTime } from '../format';
import { BOOKABLE_BY_NAMES } from './BookableByChoice';
import type { ManagedLink } from './linkForm';

export const LINK_STATUS_NAMES: Record<LinkStatus, string> = {
  ACTIVE: 'Active',
  INACTIVE: 'Inactive',
  EXPIRED: 'Expired',
  ARCHIVED: 'Archived',
};

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** One row per link of the organization, with what an admin does to it. */
export function ManagedLinksTable({
  links,
  busyId,
  onEdit,
  onRouting,
  onArchive,
  onRestore,
}: {
  links: readonly ManagedLink[];
  busyId: string | null;
  onEdit: (link: ManagedLink) => void;
  onRouting: (link: ManagedLink) => void;
  onArchive: (link: ManagedLink) => void;
  onRestore: (link: ManagedLink) => void;
}) {
  return (
    <div className="manage-table-scroll">
      <table className="table managed-links" aria-label="Links of the organization">
        <thead>
          <tr>
            <th scope="col">Link</th>
            <th scope="col">Owner</th>
            <th scope="col">Hosts</th>
            <th scope="col">Meeting type</th>
            <th scope="col">Status</th>
            <th scope="col">Managed</th>
            <th scope="col">Bookable by</th>
            <th scope="col">Expires</th>
            <th scope="col">Single-use links</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {links.map((link) => (
            <tr key={link.id} data-testid="managed-link-row">
              <th scope="row">
                {link.name}
                <br />
                <span className="hint">/{link.slug}</span>
              </th>
              <td>{link.owner.name}</td>
              <td>{link.hosts.map((host) => host.name).join(', ')}</td>
              <td>
                {link.meetingType.name}
                <br />
                <span className="hint">{link.meetingType.durationMinutes} min</span>
              </td>
              <td>
                <span className={`status ${link.status.toLowerCase()}`}>{LINK_STATUS_NAMES[link.status]}</span>
              </td>
              <td>{link.managed ? 'Managed' : 'By its owner'}</td>
              <td>{BOOKABLE_BY_NAMES[link.bookableBy]}</td>
              <td>{link.expiresAt ? formatDateTime(link.expiresAt) : 'Never'}</td>
              <td>
                <ConsoleLink to={`/app/links/${link.id}`}>
                  {plural(link.allSingleUse.totalCount, 'single-use link', 'single-use links')}
                  <span className="visually-hidden"> of {link.name}</span>
                </ConsoleLink>
                <br />
                <span className="hint">
                  {link.activeSingleUse.totalCount} unused · {link.usedSingleUse.totalCount} used
                </span>
              </td>
              <td className="link-actions">
                <button type="button" className="secondary small" onClick={() => onEdit(link)}>
                  Edit<span className="visually-hidden"> {link.name}</span>
                </button>
                <button type="button" className="secondary small" onClick={() => onRouting(link)}>
                  Routing…<span className="visually-hidden"> {link.name}</span>
                </button>
                {link.status === 'ARCHIVED' ? (
                  <button type="button" className="secondary small" disabled={busyId === link.id} onClick={() => onRestore(link)}>
                    Restore<span className="visually-hidden"> {link.name}</span>
                  </button>
                ) : (
                  <button type="button" className="secondary small" disabled={busyId === link.id} onClick={() => onArchive(link)}>
                    Archive<span className="visually-hidden"> {link.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
