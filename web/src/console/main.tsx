import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { apiClient } from '../api/client';
import { Console } from './Console';
import { announceSessionEnded } from './session';
import './console.css';

const container = document.getElementById('console');
if (container === null) throw new Error('app.html has no #console element');
createRoot(container).render(
  <StrictMode>
    <Provider value={apiClient('/graphql', announceSessionEnded)}>
      <Console />
    </Provider>
  </StrictMode>,
);
