import { type FormEvent, useState } from 'react';
import { useMutation } from 'urql';
import type { WebhookEndpointFieldsFragment, WebhookEventType } from '../gql/graphql';
import { Field, type FieldErrors, Notice, refusalOf } from '../Feedback';
import { Modal } from '../Modal';
import { EVENT_TYPE_ORDER, EVENT_TYPES, fieldSentence } from './names';
import { CreateWebhookEndpointMutation } from './operations';

export type Created = { endpoint: WebhookEndpointFieldsFragment; secret: string };

/** Registers an endpoint: where to send, which events, and a note for the team. */
export function AddEndpointDialog({
  organizationWide,
  onClose,
  onCreated,
}: {
  organizationWide: boolean;
  onClose: () => void;
  onCreated: (created: Created) => void;
}) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<Set<WebhookEventType>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});
  const [{ fetching }, create] = useMutation(CreateWebhookEndpointMutation);

  const toggle = (event: WebhookEventType, on: boolean) =>
    setEvents((was) => {
      const next = new Set(was);
      if (on) next.add(event);
      else next.delete(event);
      return next;
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({
      input: {
        url: url.trim(),
        description: description.trim(),
        events: EVENT_TYPE_ORDER.filter((type) => events.has(type)),
      },
    });
    const answer = result.data?.createWebhookEndpoint;
    if (answer === undefined) {
      setFields({});
      setProblem('The endpoint could not be added. Try again in a moment.');
      return;
    }
    if (answer.__typename !== 'WebhookEndpointCreated') {
      const refusal = refusalOf(answer);
      setFields(refusal.fields);
      setProblem(Object.keys(refusal.fields).length > 0 ? 'Correct the fields marked below, then add it again.' : refusal.message);
      return;
    }
    onCreated({ endpoint: answer.endpoint, secret: answer.secret });
    onClose();
  };

  const eventsError = fieldSentence('Events', fields.events);
  return (
    <Modal title="Add a webhook endpoint" onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <p className="hint">
          {organizationWide
            ? 'It will hear every link of your organization.'
            : 'It will hear the links you own.'}
        </p>
        <Notice message={problem} />
        <Field
          label="URL"
          error={fieldSentence('The URL', fields.url)}
          hint="Where Slotlink POSTs each event, e.g. https://example.com/slotlink-webhook."
        >
          {(describedBy) => (
            <input
              type="url"
              value={url}
              onChange={(event) => setUrl(event.target.value)}
              aria-describedby={describedBy}
              aria-invalid={fields.url !== undefined}
              autoComplete="off"
              required
            />
          )}
        </Field>
        <Field label="Description" error={fieldSentence('The description', fields.description)} hint="Optional: what receives it, for your team.">
          {(describedBy) => (
            <input
              value={description}
              onChange={(event) => setDescription(event.target.value)}
              aria-describedby={describedBy}
              aria-invalid={fields.description !== undefined}
              maxLength={500}
            />
          )}
        </Field>
        <fieldset className="events" aria-describedby={eventsError ? 'webhook-events-error' : undefined}>
          <legend>Events to send</legend>
          {EVENT_TYPE_ORDER.map((type) => (
            <label key={type} className="check">
              <input type="checkbox" checked={events.has(type)} onChange={(event) => toggle(type, event.target.checked)} />
              {EVENT_TYPES[type].label} <code>{EVENT_TYPES[type].type}</code>
            </label>
          ))}
          {eventsError ? (
            <p className="error" id="webhook-events-error">
              {eventsError}
            </p>
          ) : null}
        </fieldset>
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={fetching}>
            Add endpoint
          </button>
        </div>
      </form>
    </Modal>
  );
}
