import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// Every page's documents by hash, as GraphQL Code Generator wrote them (one manifest per page):
// the server trusts these.
const MANIFESTS = ['src/gql/persisted-documents.json', 'src/console/gql/persisted-documents.json'];

function persistedDocuments(): Plugin {
  return {
    name: 'persisted-documents',
    apply: 'build',
    generateBundle() {
      const documents = Object.assign(
        {},
        ...MANIFESTS.map((path) => JSON.parse(readFileSync(resolve(import.meta.dirname, path), 'utf8'))),
      );
      this.emitFile({ type: 'asset', fileName: 'persisted-documents.json', source: JSON.stringify(documents) });
    },
  };
}

// The Starlette app serves dist/: each page's HTML at its route, the hashed assets under
// /assets/, so the pages need nothing from another origin.
export default defineConfig({
  plugins: [persistedDocuments()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // GraphiQL (a development page) is one 850 kB chunk; the product's pages stay far below.
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      input: {
        booking: resolve(import.meta.dirname, 'index.html'),
        console: resolve(import.meta.dirname, 'app.html'),
        graphiql: resolve(import.meta.dirname, 'graphiql.html'),
      },
      onwarn(warning, warn) {
        // React libraries mark their modules "use client", which means nothing here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
});
