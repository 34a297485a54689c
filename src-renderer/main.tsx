import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { useAuthStore } from './store/auth-store';
import './styles.css';

// Ask for the current step now, while React prepares its first frame, so that frame can already be the
// Log In screen instead of "Loading…" followed by a second render once the answer comes.
void useAuthStore.getState().load();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
