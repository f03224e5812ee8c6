import type { CodegenConfig } from '@graphql-codegen/cli';

// Operation types from the committed schema; regenerated before every build and type check,
// so they cannot go stale.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.tsx', 'src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      config: {
        scalars: { DateTime: 'string', JSON: 'unknown', Date: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
      // Each document's SHA-256 and a manifest of them (persisted-documents.json): the pages
      // send hashes, and a server that runs only trusted documents knows these.
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { hashAlgorithm: 'sha256' },
      },
    },
  },
};

export default config;
