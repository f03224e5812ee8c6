import type { SingleUseLinkStatus } from './gql/graphql';

export function statusName(status: SingleUseLinkStatus): string {
  return status.charAt(0) + status.slice(1).toLowerCase();
}

/** Keyset paging: forward by the last page's cursor, back by the cursors kept. */
export function Pager({
  hasPrevious,
  hasNext,
  onPrevious,
  onNext,
}: {
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  if (!hasPrevious && !hasNext) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="secondary" disabled={!hasPrevious} onClick={onPrevious}>
        Previous page
      </button>
      <button type="button" className="secondary" disabled={!hasNext} onClick={onNext}>
        Next page
      </button>
    </nav>
  );
}
