import { useEffect, useState } from 'react';
import { useQuery } from 'urql';
import { CalendarScreen } from './calendar/CalendarScreen';
import { ConsoleLink } from './ConsoleLink';
import { ChildrenScreen } from './links/ChildrenScreen';
import { MyLinksScreen } from './links/MyLinksScreen';
import { LinkManagementScreen } from './manage/LinkManagementScreen';
import { MeetingLogScreen } from './meetings/MeetingLogScreen';
import { type Screen, screenOf, usePathname } from './navigation';
import { ViewerQuery } from './operations';
import { BlockedScreen } from './reports/BlockedScreen';
import { ReportsScreen } from './reports/ReportsScreen';
import { onSessionEnded, signOut } from './session';
import { SignIn } from './SignIn';
import type { Viewer } from './viewer';
import { WebhooksScreen } from './webhooks/WebhooksScreen';

const ADMIN_SCREENS = new Set<Screen['kind']>(['manage', 'blocked', 'reports']);

type Section = { path: string; label: string; kind: Screen['kind']; admin: boolean };
const SECTIONS: Section[] = [
  { path: '/app', label: 'My links', kind: 'links', admin: false },
  { path: '/app/meetings', label: 'Meeting logs', kind: 'meetings', admin: false },
  { path: '/app/manage', label: 'Link management', kind: 'manage', admin: true },
  { path: '/app/blocked', label: 'Blocked follow-ups', kind: 'blocked', admin: true },
  { path: '/app/reports', label: 'Reports', kind: 'reports', admin: true },
  { path: '/app/webhooks', label: 'Webhooks', kind: 'webhooks', admin: false },
  { path: '/app/calendar', label: 'My calendar', kind: 'calendar', admin: false },
];

export function Console() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: ViewerQuery });
  const pathname = usePathname();
  const [ended, setEnded] = useState(false);
  useEffect(() => onSessionEnded(() => setEnded(true)), []);
  const signedIn = data?.viewer != null && !ended;
  const title = signedIn ? titleOf(screenOf(pathname)) : 'Sign in';
  useEffect(() => {
    document.title = `${title} · Slotlink`;
  }, [title]);
  if (fetching && data === undefined) {
    return (
      <main className="console-loading" aria-busy="true">
        <p className="hint">Loading…</p>
      </main>
    );
  }
  const viewer = data?.viewer ?? null;
  if (viewer === null || ended) {
    return (
      <SignIn
        reason={
          ended
            ? 'Your session has ended; sign in again to carry on.'
            : error !== undefined && error.response?.status !== 401
              ? 'The server could not be reached. Try again in a moment.'
              : null
        }
        onSignedIn={() => {
          setEnded(false);
          refetch({ requestPolicy: 'network-only' });
        }}
      />
    );
  }
  const screen = screenOf(pathname);
  const admin = viewer.role === 'ADMIN';
  const leave = async () => {
    await signOut();
    window.location.assign('/app');
  };
  return (
    <div className="console">
      <header className="topbar">
        <span className="brand">Slotlink</span>
        <span className="organization">{viewer.organization.name}</span>
        <span className="who">
          {viewer.name} ({admin ? 'admin' : 'member'})
        </span>
        <button type="button" className="secondary" onClick={() => void leave()}>
          Sign out
        </button>
      </header>
      <nav aria-label="Console" className="sections">
        <ul>
          {SECTIONS.filter((section) => admin || !section.admin).map((section) => (
            <li key={section.path}>
              <ConsoleLink
                to={section.path}
                current={section.kind === screen.kind || (section.kind === 'links' && screen.kind === 'children')}
              >
                {section.label}
              </ConsoleLink>
            </li>
          ))}
        </ul>
      </nav>
      <main className="screen">
        <ScreenOf screen={screen} viewer={viewer} />
      </main>
    </div>
  );
}

function titleOf(screen: Screen): string {
  if (screen.kind === 'children') return 'Single-use links';
  if (screen.kind === 'unknown') return 'Page not found';
  return SECTIONS.find((section) => section.kind === screen.kind)?.label ?? 'Console';
}

function ScreenOf({ screen, viewer }: { screen: Screen; viewer: Viewer }) {
  if (ADMIN_SCREENS.has(screen.kind) && viewer.role !== 'ADMIN') {
    return (
      <section>
        <h1>Admins only</h1>
        <p>This screen is for your organization&apos;s admins. Ask one of them if you need it.</p>
      </section>
    );
  }
  switch (screen.kind) {
    case 'links':
      return <MyLinksScreen viewer={viewer} />;
    case 'children':
      return <ChildrenScreen linkId={screen.linkId} />;
    case 'meetings':
      return <MeetingLogScreen viewer={viewer} />;
    case 'blocked':
      return <BlockedScreen />;
    case 'reports':
      return <ReportsScreen />;
    case 'webhooks':
      return <WebhooksScreen viewer={viewer} />;
    case 'manage':
      return <LinkManagementScreen />;
    case 'calendar':
      return <CalendarScreen />;
    case 'unknown':
      return (
        <section>
          <h1>Page not found</h1>
          <p>
            <ConsoleLink to="/app">Back to your links</ConsoleLink>
          </p>
        </section>
      );
  }
}
