import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform, type ClientPresetConfig } from '@graphql-codegen/client-preset';

// Operation types from the committed schema; regenerated before every build and type check,
// so they cannot go stale. One output per page, so that each bundles only its own documents
// (the invitee's page carries none of the console's).
const output = (documents: string[]) => ({
  documents: [...documents, '!src/**/gql/**', '!src/**/*.test.ts'],
  preset: 'client' as const,
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
  } satisfies ClientPresetConfig,
});

const config: CodegenConfig = {
  schema: '../schema.graphql',
  ignoreNoDocuments: true,
  generates: {
    'src/gql/': output(['src/booking/**/*.ts', 'src/booking/**/*.tsx', 'src/api/**/*.ts']),
    'src/console/gql/': output(['src/console/**/*.ts', 'src/console/**/*.tsx']),
  },
};

export default config;
