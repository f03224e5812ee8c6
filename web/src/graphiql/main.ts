import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const container = document.getElementById('graphiql');
if (container === null) {
  throw new Error('graphiql.html has no #graphiql element');
}
// Same origin: the page is served by the API it talks to.
const fetcher = createGraphiQLFetcher({ url: '/graphql' });
createRoot(container).render(
  createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: 'headers' }),
);
