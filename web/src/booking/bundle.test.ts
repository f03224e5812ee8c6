import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// What an invitee's browser downloads to show the booking page: the built index.html's
// scripts and styles and every chunk they import statically. `make test` builds first.
const DIST = resolve(import.meta.dirname, '..', '..', 'dist');
const LIMIT_BYTES = 150 * 1024;

function assetsOf(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((match) => match[1]);
}

function staticImports(code: string): string[] {
  return [...code.matchAll(/(?:import|from)\s*["']\.\/([^"']+\.js)["']/g)].map((m) => m[1]);
}

function downloaded(page: string): Set<string> {
  const seen = new Set<string>();
  const pending = assetsOf(readFileSync(resolve(DIST, page), 'utf8'));
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    if (name.endsWith('.js')) {
      pending.push(...staticImports(readFileSync(resolve(DIST, 'assets', name), 'utf8')));
    }
  }
  return seen;
}

describe('the booking page', () => {
  it(`downloads at most ${LIMIT_BYTES / 1024} KB of JavaScript and CSS, gzipped`, () => {
      const files = downloaded('index.html');
      const sizes = [...files].map((name) => gzipSync(readFileSync(resolve(DIST, 'assets', name))).length);
      const total = sizes.reduce((sum, size) => sum + size, 0);
      console.log(`booking page: ${files.size} files, ${(total / 1024).toFixed(1)} KB gzipped`);
      expect(files.size).toBeGreaterThan(1);
      expect([...files].some((name) => name.includes('graphiql'))).toBe(false);
      expect([...files].some((name) => name.startsWith('console'))).toBe(false);
      expect(total).toBeLessThanOrEqual(LIMIT_BYTES);
  });
});
