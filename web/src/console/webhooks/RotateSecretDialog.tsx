import { useState } from 'react';
import { useMutation } from 'urql';
import type { WebhookEndpointFieldsFragment } from '../gql/graphql';
import { Notice, refusalOf } from '../Feedback';
import { Modal } from '../Modal';
import { RotateWebhookSecretMutation } from './operations';
import type { ShownSecret } from './SecretBox';

/** Asks before replacing an endpoint's signing secret: the receiver must be given the new one. */
export function RotateSecretDialog({
  endpoint,
  onClose,
  onRotated,
}: {
  endpoint: WebhookEndpointFieldsFragment;
  onClose: () => void;
  onRotated: (shown: ShownSecret) => void;
}) {
  const [{ fetching }, rotate] = useMutation(RotateWebhookSecretMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const confirm = async () => {
    const result = await rotate({ id: endpoint.id });
    const answer = result.data?.rotateWebhookSecret;
    if (answer === undefined) {
      setProblem('The secret could not be rotated. Try again in a moment.');
    } else if (answer.__typename !== 'WebhookSecretRotated') {
      setProblem(refusalOf(answer).message);
    } else {
      onRotated({
        kind: 'rotated',
        url: answer.endpoint.url,
        secret: answer.secret,
        previousUntil: answer.endpoint.previousSecretExpiresAt ?? null,
      });
      onClose();
    }
  };
  return (
    <Modal title="Rotate the signing secret?" onClose={onClose}>
      <p>
        <strong>{endpoint.url}</strong> gets a new signing secret, shown once. For the next 24 hours deliveries are
        signed with the previous secret too, so the receiver keeps accepting them until you give it the new one.
      </p>
      <Notice message={problem} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="button" disabled={fetching} onClick={() => void confirm()}>
          Rotate secret
        </button>
      </div>
    </Modal>
  );
}
