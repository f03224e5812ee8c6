import { useEffect, useRef, useState } from 'react';
import { copyText } from '../clipboard';
import { formatDateTime } from '../format';

export type ShownSecret = {
  kind: 'created' | 'rotated';
  url: string;
  secret: string;
  /** After a rotation: until when deliveries are signed with the previous secret too. */
  previousUntil: string | null;
};

/** A signing secret, the one time the API gives it out. */
export function SecretBox({ shown, onDone }: { shown: ShownSecret; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'refused' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [shown.secret]);
  const copy = async () => setCopied((await copyText(shown.secret)) ? 'yes' : 'refused');
  return (
    <section className="secret-box" aria-labelledby="secret-title">
      <h2 id="secret-title" tabIndex={-1} ref={heading}>
        {shown.kind === 'created' ? 'Signing secret of the new endpoint' : 'New signing secret'}
      </h2>
      <p className="hint">{shown.url}</p>
      <p>
        <strong>Copy it now: it will not be shown again.</strong> Your receiver checks each
        delivery&apos;s <code>webhook-signature</code> header with it (Standard Webhooks). If it is lost,
        rotate the secret to get a new one.
      </p>
      {shown.kind === 'rotated' ? (
        <p>
          For 24 hours{shown.previousUntil ? ` (until ${formatDateTime(shown.previousUntil)})` : ''} deliveries are
          signed with the previous secret too, so your receiver keeps accepting them while you switch it over to this
          one.
        </p>
      ) : null}
      <div className="secret-value">
        <input readOnly value={shown.secret} aria-label="Signing secret" onFocus={(event) => event.target.select()} />
        <button type="button" onClick={() => void copy()}>
          Copy secret
        </button>
      </div>
      <p role="status" className="hint">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'refused' ? 'The browser refused the clipboard: select the secret and copy it by hand.' : ''}
      </p>
      <button type="button" className="secondary" onClick={onDone}>
        I have saved it
      </button>
    </section>
  );
}
