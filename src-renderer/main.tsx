import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { useAuthStore } from './store/auth-store';
import './styles.css';

// Take the current step now (the answer to the question launch-questions.ts sent while this script
// loaded), before React's first frame, so that frame can already be the Log In screen instead of
// "Loading…" followed by a second render once the answer comes.
void useAuthStore.getState().load();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
