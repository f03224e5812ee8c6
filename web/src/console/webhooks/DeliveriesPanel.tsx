import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type {
  WebhookDeliveryFieldsFragment,
  WebhookDeliveryStatus,
  WebhookEndpointFieldsFragment,
} from '../gql/graphql';
import { EmptyState, Notice, refusalOf } from '../Feedback';
import { formatDateTime } from '../format';
import { Pager } from '../Pager';
import { DELIVERY_STATUS, EVENT_TYPES } from './names';
import { RedeliverWebhookMutation, WebhookDeliveriesQuery } from './operations';

// Deliveries change without any subscription to tell us (the dispatcher sends and retries
// them), so the open list is read again this often.
const REFRESH_MS = 2_000;
const PAGE_SIZE = 20;

type Outcome = { message: string; tone: 'error' | 'done' };

/** One endpoint's deliveries, newest first: what was sent, how the receiver answered, and a
 * way to send a finished one again. */
export function DeliveriesPanel({
  endpoint,
  onClose,
  onRedelivered,
}: {
  endpoint: WebhookEndpointFieldsFragment;
  onClose: () => void;
  onRedelivered: () => void;
}) {
  const [status, setStatus] = useState<WebhookDeliveryStatus | ''>('');
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [redelivering, setRedelivering] = useState<string | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: WebhookDeliveriesQuery,
    variables: { endpointId: endpoint.id, status: status || null, first: PAGE_SIZE, after: pages[pages.length - 1] },
  });
  const [, redeliver] = useMutation(RedeliverWebhookMutation);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    const timer = window.setInterval(() => refetch({ requestPolicy: 'network-only' }), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [refetch]);

  const redeliverOne = async (delivery: WebhookDeliveryFieldsFragment) => {
    setOutcome(null);
    setRedelivering(delivery.id);
    const result = await redeliver({ deliveryId: delivery.id });
    setRedelivering(null);
    const answer = result.data?.redeliverWebhook;
    const type = EVENT_TYPES[delivery.eventType].type;
    if (answer === undefined) {
      setOutcome({ message: 'It could not be redelivered. Try again in a moment.', tone: 'error' });
    } else if (answer.__typename !== 'WebhookRedeliveryScheduled') {
      const refusal = refusalOf(answer);
      setOutcome({ message: `Not redelivered: ${refusal.fields.deliveryId ?? refusal.message}.`, tone: 'error' });
    } else {
      setOutcome({
        message: `Redelivery scheduled: ${type} (${answer.delivery.messageId}) is pending as a new delivery, sent within seconds.`,
        tone: 'done',
      });
      setPages([null]);
      refetch({ requestPolicy: 'network-only' });
      onRedelivered();
    }
  };

  const answer = data?.webhookDeliveries;
  const connection = answer?.__typename === 'WebhookDeliveryConnection' ? answer : null;
  const deliveries = connection?.edges.map((edge) => edge.node) ?? [];
  return (
    <section className="deliveries" aria-labelledby="deliveries-title">
      <div className="screen-head">
        <h2 id="deliveries-title" tabIndex={-1} ref={heading}>
          Deliveries to {endpoint.url}
        </h2>
        <button type="button" className="secondary" onClick={onClose}>
          Close deliveries
        </button>
      </div>
      <form className="filters" aria-label="Filter deliveries" onSubmit={(event) => event.preventDefault()}>
        <label>
          Status
          <select
            value={status}
            onChange={(event) => {
              setStatus(event.target.value as WebhookDeliveryStatus | '');
              setPages([null]);
            }}
          >
            <option value="">Any</option>
            <option value="PENDING">Pending</option>
            <option value="SUCCEEDED">Succeeded</option>
            <option value="FAILED">Failed</option>
          </select>
        </label>
      </form>
      <Notice message={outcome?.message ?? null} tone={outcome?.tone} />
      {error ? <Notice message="The deliveries could not be loaded. Close them and open them again." /> : null}
      {answer !== undefined && answer.__typename !== 'WebhookDeliveryConnection' ? <Notice message={answer.message} /> : null}
      {fetching && data === undefined ? <p className="hint">Loading…</p> : null}
      {connection !== null && deliveries.length === 0 ? (
        <EmptyState title={status === '' ? 'No deliveries yet' : `No ${DELIVERY_STATUS[status].toLowerCase()} deliveries`}>
          {status === ''
            ? 'Each event this endpoint hears is sent within seconds and shows here with the answer it got.'
            : 'Choose another status to see the rest.'}
        </EmptyState>
      ) : null}
      {deliveries.length > 0 ? (
        <>
          <p className="hint">{connection?.totalCount} deliveries</p>
          <table className="table" aria-label={`Deliveries to ${endpoint.url}`}>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last response</th>
                <th scope="col">Created</th>
                <th scope="col">Delivered</th>
                <th scope="col">Payload</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((delivery) => (
                <DeliveryRow
                  key={delivery.id}
                  delivery={delivery}
                  busy={redelivering === delivery.id}
                  onRedeliver={() => void redeliverOne(delivery)}
                />
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <Pager
        hasPrevious={pages.length > 1}
        hasNext={connection?.pageInfo.hasNextPage ?? false}
        onPrevious={() => setPages((was) => was.slice(0, -1))}
        onNext={() => setPages((was) => [...was, connection?.pageInfo.endCursor ?? null])}
      />
    </section>
  );
}

function DeliveryRow({
  delivery,
  busy,
  onRedeliver,
}: {
  delivery: WebhookDeliveryFieldsFragment;
  busy: boolean;
  onRedeliver: () => void;
}) {
  const type = EVENT_TYPES[delivery.eventType];
  const finished = delivery.status !== 'PENDING';
  return (
    <tr data-testid="delivery-row">
      <td>
        {type.label}
        <br />
        <code className="hint">{type.type}</code>
      </td>
      <td>
        <span className={`status ${delivery.status.toLowerCase()}`}>{DELIVERY_STATUS[delivery.status]}</span>
        {delivery.nextAttemptAt ? <span className="hint"> · next try {formatDateTime(delivery.nextAttemptAt)}</span> : null}
      </td>
      <td>{delivery.attempts}</td>
      <td>
        <LastResponse delivery={delivery} />
      </td>
      <td>{formatDateTime(delivery.createdAt)}</td>
      <td>{formatDateTime(delivery.deliveredAt)}</td>
      <td>
        <details className="payload">
          <summary>
            Show<span className="visually-hidden"> the payload of {delivery.messageId}</span>
          </summary>
          {/* Focusable so that a keyboard can scroll a long payload. */}
          <pre tabIndex={0} role="region" aria-label={`Payload of ${delivery.messageId}`}>
            {JSON.stringify(delivery.payload, null, 2)}
          </pre>
        </details>
      </td>
      <td>
        {finished ? (
          <button type="button" className="secondary small" disabled={busy} onClick={onRedeliver}>
            Redeliver<span className="visually-hidden"> {delivery.messageId}</span>
          </button>
        ) : null}
      </td>
    </tr>
  );
}

/** What the receiver answered last: its HTTP status, or why there was no answer. */
function LastResponse({ delivery }: { delivery: WebhookDeliveryFieldsFragment }) {
  const code = delivery.lastResponseStatus ?? null;
  if (code !== null) {
    return (
      <>
        HTTP {code}
        {delivery.lastError && delivery.lastError !== `HTTP ${code}` ? (
          <span className="hint delivery-error">{delivery.lastError}</span>
        ) : null}
      </>
    );
  }
  if (delivery.lastError) return <span className="delivery-error">{delivery.lastError}</span>;
  return <>{delivery.attempts > 0 ? 'Being sent…' : 'Not tried yet'}</>;
}
