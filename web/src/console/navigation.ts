import { useEffect, useState } from 'react';

/** The console's screens, each an address under /app. */
export type Screen =
  | { kind: 'links' }
  | { kind: 'children'; linkId: string }
  | { kind: 'meetings' }
  | { kind: 'blocked' }
  | { kind: 'reports' }
  | { kind: 'webhooks' }
  | { kind: 'manage' }
  | { kind: 'calendar' }
  | { kind: 'unknown' };

const ID = /^[A-Za-z0-9_=-]{1,200}$/;

export function screenOf(pathname: string): Screen {
  const parts = pathname.split('/').filter((part) => part !== '');
  if (parts[0] !== 'app') return { kind: 'unknown' };
  const [, first, second, ...rest] = parts;
  if (rest.length > 0) return { kind: 'unknown' };
  if (first === undefined) return { kind: 'links' };
  if (first === 'links' && second !== undefined && ID.test(second)) {
    return { kind: 'children', linkId: second };
  }
  if (second !== undefined) return { kind: 'unknown' };
  switch (first) {
    case 'meetings':
    case 'blocked':
    case 'reports':
    case 'webhooks':
    case 'manage':
    case 'calendar':
      return { kind: first };
    default:
      return { kind: 'unknown' };
  }
}

const CHANGED = 'slotlink:navigate';

/** Moves to another screen without reloading the page. */
export function navigate(path: string): void {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(CHANGED));
}

/** The address shown, following links, Back and Forward. */
export function usePathname(): string {
  const [pathname, setPathname] = useState(window.location.pathname);
  useEffect(() => {
    const follow = () => setPathname(window.location.pathname);
    window.addEventListener('popstate', follow);
    window.addEventListener(CHANGED, follow);
    return () => {
      window.removeEventListener('popstate', follow);
      window.removeEventListener(CHANGED, follow);
    };
  }, []);
  return pathname;
}
