/** Signing in exchanges the API key for a session cookie the page never sees; the key itself
 * is kept nowhere. */

export type SignInResult = { ok: true } | { ok: false; message: string };

export async function signIn(apiKey: string): Promise<SignInResult> {
  let response: Response;
  try {
    response = await fetch('/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey }),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, message: 'The server could not be reached. Try again in a moment.' };
  }
  if (response.ok) return { ok: true };
  if (response.status === 401) return { ok: false, message: 'That API key is unknown or revoked.' };
  return { ok: false, message: `Signing in failed (${response.status}). Try again in a moment.` };
}

export async function signOut(): Promise<void> {
  await fetch('/session', { method: 'DELETE', credentials: 'same-origin' });
}

const ENDED = 'slotlink:session-ended';

/** Tells the console that the server no longer knows this session (it expired, or its key was
 * revoked): it asks to sign in again, staying on the same screen. */
export function announceSessionEnded(): void {
  window.dispatchEvent(new Event(ENDED));
}

export function onSessionEnded(listener: () => void): () => void {
  window.addEventListener(ENDED, listener);
  return () => window.removeEventListener(ENDED, listener);
}
