import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// The pages' documents by hash, as GraphQL Code Generator wrote them: the server trusts these.
function persistedDocuments(): Plugin {
  return {
    name: 'persisted-documents',
    apply: 'build',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'persisted-documents.json',
        source: readFileSync(resolve(import.meta.dirname, 'src/gql/persisted-documents.json')),
      });
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
