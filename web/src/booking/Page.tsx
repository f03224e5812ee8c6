import type { ReactNode } from 'react';

/** The frame of every invitee page. */
export function Shell({ busy = false, children }: { busy?: boolean; children?: ReactNode }) {
  return (
    <main className="page" aria-busy={busy}>
      {busy ? <p className="hint">Loading…</p> : children}
    </main>
  );
}

export function Refusal({ title = 'This link cannot be booked', message }: { title?: string; message: string }) {
  return (
    <section className="refusal" role="alert">
      <h1>{title}</h1>
      <p>{message}</p>
    </section>
  );
}

/** A short message about the last action; nothing when there is none. */
export function Notice({ message, role = 'alert' }: { message: string | null; role?: 'alert' | 'status' }) {
  if (message === null) return null;
  return (
    <p className="notice" role={role}>
      {message}
    </p>
  );
}
