/** One page of a connection, as the console reads it for an export. */
export type Page<Node> = {
  edges: readonly { node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
};

/** Reads `after` a cursor (null: the first page); null when the read failed. */
export type PageReader<Node> = (after: string | null) => Promise<Page<Node> | null>;

/** Every node, page after page, up to `limit` (reading stops at the page that reaches it); null
 * when a read failed. `complete`: nothing was left out. */
export async function readAll<Node>(
  read: PageReader<Node>,
  limit: number,
): Promise<{ nodes: Node[]; complete: boolean } | null> {
  const nodes: Node[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page<Node> | null = await read(after);
    if (page === null) return null;
    nodes.push(...page.edges.map((edge) => edge.node));
    if (!page.pageInfo.hasNextPage) return { nodes, complete: true };
    if (nodes.length >= limit) return { nodes, complete: false };
    after = page.pageInfo.endCursor ?? null;
  }
}
