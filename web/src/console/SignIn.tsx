import { type FormEvent, useState } from 'react';
import { Notice } from './Feedback';
import { signIn } from './session';

/** `reason`: why signing in is asked for, when it is not the first visit. */
export function SignIn({ onSignedIn, reason }: { onSignedIn: () => void; reason: string | null }) {
  const [apiKey, setApiKey] = useState('');
  const [problem, setProblem] = useState<string | null>(reason);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (apiKey.trim() === '') {
      setProblem('API key: paste the key you were given.');
      return;
    }
    setBusy(true);
    const result = await signIn(apiKey.trim());
    setBusy(false);
    if (result.ok) {
      setApiKey('');
      onSignedIn();
    } else {
      setProblem(result.message);
    }
  };

  return (
    <main className="signin">
      <h1>Sign in to Slotlink</h1>
      <p className="hint">
        Paste your API key. It is exchanged for a session that ends when you sign out or after 12
        hours; this page does not keep the key.
      </p>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <label className="field">
          <span>API key</span>
          <input
            type="password"
            name="apiKey"
            autoComplete="current-password"
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
            aria-invalid={problem !== null}
          />
        </label>
        <Notice message={problem} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
