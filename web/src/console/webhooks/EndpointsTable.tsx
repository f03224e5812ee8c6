import type { WebhookEndpointFieldsFragment } from '../gql/graphql';
import { formatDateTime } from '../format';
import type { Viewer } from '../viewer';
import { ENDPOINT_STATUS, EVENT_TYPE_ORDER, EVENT_TYPES } from './names';

type Endpoint = WebhookEndpointFieldsFragment;

export type EndpointActions = {
  onDeliveries: (endpoint: Endpoint) => void;
  onRotate: (endpoint: Endpoint) => void;
  onDisable: (endpoint: Endpoint) => void;
  onEnable: (endpoint: Endpoint) => void;
};

/** The endpoints in the viewer's scope and what can be done with each. */
export function EndpointsTable({
  endpoints,
  ownerNames,
  viewer,
  shownId,
  busyId,
  actions,
}: {
  endpoints: Endpoint[];
  ownerNames: Map<string, string>;
  viewer: Viewer;
  shownId: string | null;
  busyId: string | null;
  actions: EndpointActions;
}) {
  const scopeOf = (endpoint: Endpoint) => {
    if (endpoint.scope === 'ORGANIZATION') return 'Whole organization';
    if (endpoint.ownerId === viewer.id) return 'Your links';
    const owner = endpoint.ownerId ? ownerNames.get(endpoint.ownerId) : undefined;
    return owner ? `Links of ${owner}` : "Its owner's links";
  };
  return (
    <table className="table endpoints" aria-label="Webhook endpoints">
      <thead>
        <tr>
          <th scope="col">Endpoint</th>
          <th scope="col">Events</th>
          <th scope="col">Status</th>
          <th scope="col">Hears</th>
          <th scope="col">Failures in a row</th>
          <th scope="col">Created</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {endpoints.map((endpoint) => {
          const name = endpoint.description || endpoint.url;
          return (
            <tr key={endpoint.id} data-testid="endpoint-row" aria-current={shownId === endpoint.id ? 'true' : undefined}>
              <td className="endpoint-url">
                <code>{endpoint.url}</code>
                {endpoint.description ? (
                  <>
                    <br />
                    <span className="hint">{endpoint.description}</span>
                  </>
                ) : null}
              </td>
              <td>
                {endpoint.events.length === EVENT_TYPE_ORDER.length ? (
                  'All events'
                ) : (
                  <ul className="event-list">
                    {endpoint.events.map((event) => (
                      <li key={event}>{EVENT_TYPES[event].label}</li>
                    ))}
                  </ul>
                )}
              </td>
              <td>
                <span className={`status ${endpoint.status.toLowerCase()}`}>{ENDPOINT_STATUS[endpoint.status]}</span>
                {endpoint.status === 'FAILING' ? <span className="hint"> · still sent to</span> : null}
                {endpoint.previousSecretExpiresAt && new Date(endpoint.previousSecretExpiresAt) > new Date() ? (
                  <>
                    <br />
                    <span className="hint">Previous secret also signs until {formatDateTime(endpoint.previousSecretExpiresAt)}</span>
                  </>
                ) : null}
              </td>
              <td>{scopeOf(endpoint)}</td>
              <td>{endpoint.consecutiveFailures}</td>
              <td>{formatDateTime(endpoint.createdAt)}</td>
              <td>
                <div className="row-actions">
                  <button
                    type="button"
                    className="secondary small"
                    aria-pressed={shownId === endpoint.id}
                    onClick={() => actions.onDeliveries(endpoint)}
                  >
                    Deliveries<span className="visually-hidden"> of {name}</span>
                  </button>
                  <button type="button" className="secondary small" onClick={() => actions.onRotate(endpoint)}>
                    Rotate secret<span className="visually-hidden"> of {name}</span>
                  </button>
                  {endpoint.status === 'DISABLED' ? (
                    <button
                      type="button"
                      className="secondary small"
                      disabled={busyId === endpoint.id}
                      onClick={() => actions.onEnable(endpoint)}
                    >
                      Enable<span className="visually-hidden"> {name}</span>
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="secondary small"
                      disabled={busyId === endpoint.id}
                      onClick={() => actions.onDisable(endpoint)}
                    >
                      Disable<span className="visually-hidden"> {name}</span>
                    </button>
                  )}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
