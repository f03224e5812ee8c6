import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { apiClient } from '../api/client';
import { LinkPage } from './LinkPage';
import { ManagePage } from './ManagePage';
import { routeOf } from './routes';
import './styles.css';

const client = apiClient();

function App() {
  const route = routeOf(window.location.pathname);
  if (route.kind === 'unknown') {
    return (
      <main className="page">
        <h1>Page not found</h1>
        <p>Please check the address, or ask the person who sent it for a new link.</p>
      </main>
    );
  }
  if (route.kind === 'manage') return <ManagePage token={route.token} />;
  const showForm = new URLSearchParams(window.location.search).get('skip') === '0';
  return <LinkPage linkKey={route.key} forceForm={showForm} />;
}

const container = document.getElementById('app');
if (container === null) throw new Error('index.html has no #app element');
createRoot(container).render(
  <StrictMode>
    <Provider value={client}>
      <App />
    </Provider>
  </StrictMode>,
);
