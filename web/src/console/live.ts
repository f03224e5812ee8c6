import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { useEffect, useRef } from 'react';
import { subscribe } from '../api/client';

/** Calls `onChange` each time the subscription reports a change, for as long as the screen is
 * open with these variables. */
export function useLive<Result, Variables extends Record<string, unknown>>(
  document: TypedDocumentNode<Result, Variables>,
  variables: Variables,
  onChange: () => void,
): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  const key = JSON.stringify(variables);
  useEffect(
    () => subscribe(document, JSON.parse(key) as Variables, () => latest.current()),
    [document, key],
  );
}
