import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { WebhookEndpointFieldsFragment } from '../gql/graphql';
import { EmptyState, Notice, refusalOf } from '../Feedback';
import type { Viewer } from '../viewer';
import { AddEndpointDialog } from './AddEndpointDialog';
import { DeliveriesPanel } from './DeliveriesPanel';
import { EndpointsTable } from './EndpointsTable';
import { DisableWebhookEndpointMutation, UpdateWebhookEndpointMutation, WebhookEndpointsQuery } from './operations';
import { RotateSecretDialog } from './RotateSecretDialog';
import { SecretBox, type ShownSecret } from './SecretBox';

type Endpoint = WebhookEndpointFieldsFragment;
type Dialog = { kind: 'add' } | { kind: 'rotate'; endpoint: Endpoint } | null;
type Outcome = { message: string; tone: 'error' | 'done' };

/** Webhook endpoints in the viewer's scope (admins: the organization's; members: their own),
 * with their deliveries; signing secrets are shown the one time the API gives them out. */
export function WebhooksScreen({ viewer }: { viewer: Viewer }) {
  const admin = viewer.role === 'ADMIN';
  const [{ data, fetching, error }, refetch] = useQuery({ query: WebhookEndpointsQuery });
  const [, disable] = useMutation(DisableWebhookEndpointMutation);
  const [, update] = useMutation(UpdateWebhookEndpointMutation);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const [shownId, setShownId] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const setEnabled = async (endpoint: Endpoint, enabled: boolean) => {
    setOutcome(null);
    setBusyId(endpoint.id);
    const result = enabled
      ? (await update({ input: { id: endpoint.id, enabled: true } })).data?.updateWebhookEndpoint
      : (await disable({ id: endpoint.id })).data?.disableWebhookEndpoint;
    setBusyId(null);
    if (result === undefined) {
      setOutcome({ message: `${endpoint.url} could not be changed. Try again in a moment.`, tone: 'error' });
    } else if (result.__typename !== 'WebhookEndpointSaved') {
      setOutcome({ message: refusalOf(result).message, tone: 'error' });
    } else {
      setOutcome({
        message: enabled
          ? `${endpoint.url} is enabled again, its failure count cleared; queued deliveries are sent now.`
          : `${endpoint.url} is disabled: it gets no new deliveries, and queued ones wait until you enable it again.`,
        tone: 'done',
      });
      reload();
    }
  };

  const endpoints = data?.webhookEndpoints ?? [];
  const ownerNames = new Map((data?.users ?? []).map((user) => [user.id, user.name]));
  const shown = endpoints.find((endpoint) => endpoint.id === shownId) ?? null;
  return (
    <section aria-labelledby="webhooks-title">
      <div className="screen-head">
        <h1 id="webhooks-title">Webhooks</h1>
        <button type="button" onClick={() => setDialog({ kind: 'add' })}>
          Add endpoint
        </button>
      </div>
      <p className="hint">
        {admin
          ? `Endpoints added by an admin hear every link of ${viewer.organization.name}; a member's hear only the links that member owns. As an admin you manage all of them.`
          : 'Your endpoints hear the links you own. Endpoints for the whole organization are managed by its admins.'}
      </p>
      {secret ? <SecretBox shown={secret} onDone={() => setSecret(null)} /> : null}
      <Notice message={outcome?.message ?? null} tone={outcome?.tone} />
      {error ? <Notice message="Your webhook endpoints could not be loaded. Reload the page to try again." /> : null}
      {fetching && data === undefined ? <p className="hint">Loading…</p> : null}
      {data !== undefined && endpoints.length === 0 ? (
        <EmptyState title="No webhook endpoints yet">
          Webhooks tell your own systems what happens as it happens: Slotlink sends a signed POST to a URL of yours
          when a meeting is booked, moved or cancelled, or a single-use link is made, used, expires or is revoked, so
          your CRM or chat can follow without polling. Choose &quot;Add endpoint&quot; to register the first one.
        </EmptyState>
      ) : null}
      {endpoints.length > 0 ? (
        <EndpointsTable
          endpoints={endpoints}
          ownerNames={ownerNames}
          viewer={viewer}
          shownId={shownId}
          busyId={busyId}
          actions={{
            onDeliveries: (endpoint) => setShownId((was) => (was === endpoint.id ? null : endpoint.id)),
            onRotate: (endpoint) => setDialog({ kind: 'rotate', endpoint }),
            onDisable: (endpoint) => void setEnabled(endpoint, false),
            onEnable: (endpoint) => void setEnabled(endpoint, true),
          }}
        />
      ) : null}
      {shown ? (
        <DeliveriesPanel key={shown.id} endpoint={shown} onClose={() => setShownId(null)} onRedelivered={reload} />
      ) : null}
      {dialog?.kind === 'add' ? (
        <AddEndpointDialog
          organizationWide={admin}
          onClose={() => setDialog(null)}
          onCreated={(created) => {
            setOutcome(null);
            setSecret({ kind: 'created', url: created.endpoint.url, secret: created.secret, previousUntil: null });
            reload();
          }}
        />
      ) : null}
      {dialog?.kind === 'rotate' ? (
        <RotateSecretDialog
          endpoint={dialog.endpoint}
          onClose={() => setDialog(null)}
          onRotated={(rotated) => {
            setOutcome(null);
            setSecret(rotated);
            reload();
          }}
        />
      ) : null}
    </section>
  );
}
