import type { MouseEvent, ReactNode } from 'react';
import { navigate } from './navigation';

/** A link inside the console: follows without reloading the page (a new tab where asked). */
export function ConsoleLink({ to, children, current = false }: { to: string; children: ReactNode; current?: boolean }) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={follow} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}
