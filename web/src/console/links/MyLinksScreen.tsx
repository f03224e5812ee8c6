import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { MyLinksQuery } from '../gql/graphql';
import { BulkMintDialog } from './BulkMintDialog';
import { copyText } from '../clipboard';
import { ConsoleLink } from '../ConsoleLink';
import type { Viewer } from '../viewer';
import { CopyMenu } from './CopyMenu';
import { EmptyState, Notice, refusalOf } from '../Feedback';
import { MintOneMutation, MyLinksQuery as LinksDocument } from './operations';
import { PersonalizeDialog } from './PersonalizeDialog';

type Link = MyLinksQuery['links']['edges'][number]['node'];
type Copied = { what: string; url: string; onClipboard: boolean };
type Dialog = { kind: 'personalize' | 'bulk'; link: Link } | null;

/** The links you share: each copies as itself, as a fresh single-use link, or as one made for
 * a named invitee. Admins see the links they own here (all links: Link management); members
 * those they own or host. */
export function MyLinksScreen({ viewer }: { viewer: Viewer }) {
  const admin = viewer.role === 'ADMIN';
  const [{ data, fetching, error }] = useQuery({
    query: LinksDocument,
    variables: { filter: { active: true, ownerId: admin ? viewer.id : null } },
  });
  const [, mint] = useMutation(MintOneMutation);
  const [copied, setCopied] = useState<Copied | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [minting, setMinting] = useState<string | null>(null);

  const copyLink = async (link: Link) => {
    setProblem(null);
    setCopied({ what: `Link to ${link.name}`, url: link.url, onClipboard: await copyText(link.url) });
  };
  const copySingleUse = async (link: Link) => {
    setProblem(null);
    setMinting(link.id);
    const result = await mint({ input: { linkId: link.id, label: 'Copied from the console' } });
    setMinting(null);
    const made = result.data?.createSingleUseLink;
    if (made === undefined) {
      setProblem('The single-use link could not be made. Try again in a moment.');
    } else if (made.__typename !== 'SingleUseLinkCreated') {
      setProblem(refusalOf(made).message);
    } else {
      setCopied({
        what: `Single-use link to ${link.name}`,
        url: made.url,
        onClipboard: await copyText(made.url),
      });
    }
  };

  const links = data?.links.edges.map((edge) => edge.node) ?? [];
  return (
    <section aria-labelledby="my-links">
      <h1 id="my-links">My links</h1>
      <p className="hint">
        Send a single-use link to one prospect: it books one meeting, then refuses new bookings
        while that meeting can still be moved or cancelled.
      </p>
      <Notice message={problem} />
      {copied ? <CopiedBanner copied={copied} onDismiss={() => setCopied(null)} /> : null}
      {error ? <Notice message="Your links could not be loaded. Reload the page to try again." /> : null}
      {fetching && data === undefined ? <p className="hint">Loading…</p> : null}
      {data !== undefined && links.length === 0 ? (
        <EmptyState title="No links yet">
          {admin
            ? 'Create a link in Link management (or with the createLink mutation); it will show here.'
            : 'Ask an admin to create a link for you; the links you own or host show here.'}
        </EmptyState>
      ) : null}
      {links.length > 0 ? (
        <ul className="cards">
          {links.map((link) => (
            <li key={link.id} className="card">
              <div className="card-main">
                <h2>
                  <ConsoleLink to={`/app/links/${link.id}`}>{link.name}</ConsoleLink>
                </h2>
                <p className="hint">
                  {link.meetingType.name}, {link.meetingType.durationMinutes} min ·{' '}
                  {link.bookableBy === 'SINGLE_USE_ONLY' ? 'private: single-use links only' : 'public'}
                  {link.status !== 'ACTIVE' ? ` · ${link.status.toLowerCase()}` : ''}
                </p>
                <p className="counts">
                  {link.activeCount.totalCount} unused · {link.usedCount.totalCount} used single-use links
                </p>
              </div>
              <CopyMenu
                linkName={link.name}
                disabled={minting === link.id}
                onCopyLink={() => void copyLink(link)}
                onCopySingleUse={() => void copySingleUse(link)}
                onPersonalize={() => setDialog({ kind: 'personalize', link })}
                onBulk={() => setDialog({ kind: 'bulk', link })}
              />
            </li>
          ))}
        </ul>
      ) : null}
      {dialog?.kind === 'personalize' ? (
        <PersonalizeDialog
          link={dialog.link}
          onClose={() => setDialog(null)}
          onCopied={(made) =>
            setCopied({ what: `Personalized link to ${dialog.link.name}`, ...made })
          }
        />
      ) : null}
      {dialog?.kind === 'bulk' ? <BulkMintDialog link={dialog.link} onClose={() => setDialog(null)} /> : null}
    </section>
  );
}

function CopiedBanner({ copied, onDismiss }: { copied: Copied; onDismiss: () => void }) {
  return (
    <div className="copied" role="status">
      <p>
        {copied.onClipboard ? `${copied.what} copied:` : `${copied.what} (copy it by hand):`}{' '}
        <input className="copied-url" readOnly value={copied.url} aria-label="Copied address" onFocus={(event) => event.target.select()} />
      </p>
      <button type="button" className="secondary" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
