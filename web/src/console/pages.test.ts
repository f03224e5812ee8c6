import { describe, expect, it } from 'vitest';
import { type Page, type PageReader, readAll } from './pages';

/** `count` numbered nodes, served `size` a page; `reads` counts the reads. */
function served(count: number, size = 100): { read: PageReader<number>; reads: () => number } {
  let reads = 0;
  const read: PageReader<number> = async (after) => {
    reads += 1;
    const start = after === null ? 0 : Number(after);
    const nodes = Array.from({ length: Math.max(0, Math.min(size, count - start)) }, (_, n) => start + n);
    const page: Page<number> = {
      edges: nodes.map((node) => ({ node })),
      pageInfo: { hasNextPage: start + size < count, endCursor: String(start + nodes.length) },
    };
    return page;
  };
  return { read, reads: () => reads };
}

describe('readAll', () => {
  it('reads page after page until the last', async () => {
    const { read, reads } = served(250);
    const all = await readAll(read, 5_000);
    expect(all?.nodes).toEqual(Array.from({ length: 250 }, (_, n) => n));
    expect(all?.complete).toBe(true);
    expect(reads()).toBe(3);
  });

  it('stops at the page that reaches the limit and says something was left out', async () => {
    const { read, reads } = served(450);
    const all = await readAll(read, 200);
    expect(all?.nodes).toHaveLength(200);
    expect(all?.complete).toBe(false);
    expect(reads()).toBe(2);
  });

  it('fails as a whole when a read fails', async () => {
    expect(await readAll(async () => null, 100)).toBeNull();
  });
});
