import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

// Operation types from the committed schema; regenerated before every build and type check,
// so they cannot go stale.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.tsx', 'src/**/*.ts', '!src/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': {
      preset: 'client',
      // Every selection names its __typename in the document itself (so in its hash): the
      // server runs the stored document as it is, and the client's cache needs the type names
      // to know which answers a mutation made stale.
      documentTransforms: [addTypenameSelectionDocumentTransform],
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
