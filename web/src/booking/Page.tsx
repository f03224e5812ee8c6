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
