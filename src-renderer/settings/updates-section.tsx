import { useEffect } from 'react';
import type { UpdateStatus } from '../../src-shared/ipc-contract';
import { ManagedBadge } from './managed-badge';
import { useSettingsStore } from './settings-store';

function describe(status: UpdateStatus): string {
  switch (status.state) {
    case 'disabled':
      return status.reason;
    case 'idle':
      return 'Click-N-Ship checks for updates when it starts.';
    case 'checking':
      return 'Checking for updates…';
    case 'up-to-date':
      return 'Click-N-Ship is up to date.';
    case 'downloading':
      return `Downloading version ${status.version}: ${status.percent}%`;
    case 'ready':
      return `Version ${status.version} is ready. Restart Click-N-Ship to finish updating (or it installs when you quit).`;
    case 'error':
      return status.message;
  }
}

/** Update status, download progress, and the restart that only the user starts. */
export function UpdatesSection() {
  const { updates, refreshUpdates, checkForUpdates, restartToUpdate } = useSettingsStore();
  const state = updates?.state;
  useEffect(() => {
    if (state !== 'checking' && state !== 'downloading') return undefined;
    const timer = window.setInterval(() => void refreshUpdates(), 1000);
    return () => window.clearInterval(timer);
  }, [state, refreshUpdates]);

  if (!updates) return null;
  return (
    <section aria-labelledby="settings-updates">
      <h3 id="settings-updates">Updates</h3>
      <p role="status" aria-live="polite">
        {describe(updates)}
      </p>
      {updates.state === 'disabled' && updates.managed ? <ManagedBadge /> : null}
      {updates.state === 'downloading' ? (
        <progress max={100} value={updates.percent} aria-label="Update download">
          {updates.percent}%
        </progress>
      ) : null}
      <div className="actions">
        {updates.state === 'ready' ? (
          <button type="button" className="primary" onClick={() => void restartToUpdate()}>
            Restart now
          </button>
        ) : null}
        {updates.state === 'idle' || updates.state === 'up-to-date' || updates.state === 'error' ? (
          <button type="button" onClick={() => void checkForUpdates()}>
            Check for updates
          </button>
        ) : null}
      </div>
    </section>
  );
}
