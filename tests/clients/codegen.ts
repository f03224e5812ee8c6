import type { CodegenConfig } from '@graphql-codegen/cli';

// What a browser app generates from Slotlink's schema for its cache: Apollo's possibleTypes
// and urql graphcache's schema (both let unions and interfaces match fragments exactly).
const config: CodegenConfig = {
  schema: '../../schema.graphql',
  generates: {
    'generated/possible-types.ts': {
      plugins: ['fragment-matcher'],
      config: { apolloClientVersion: 3, useExplicitTyping: false },
    },
    'generated/introspection.ts': {
      plugins: ['urql-introspection'],
      config: { module: 'es2015', includeScalars: false },
    },
  },
};

export default config;
