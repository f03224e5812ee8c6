/** What an address of the invitee's side opens. */
export type Route =
  | { kind: 'link'; key: string }
  | { kind: 'manage'; token: string }
  | { kind: 'unknown' };

const SEGMENT = /^[A-Za-z0-9_-]{1,200}$/;

export function routeOf(pathname: string): Route {
  const parts = pathname.split('/').filter((part) => part !== '');
  if (parts.length !== 2 || !parts.every((part) => SEGMENT.test(part))) {
    return { kind: 'unknown' };
  }
  const [first, second] = parts;
  // A booking's manage link is /m/{token}; a single-use link /l/{token}; a standard link
  // /{organization}/{link}.
  if (first === 'm') return { kind: 'manage', token: second };
  return { kind: 'link', key: first === 'l' ? second : `${first}/${second}` };
}
