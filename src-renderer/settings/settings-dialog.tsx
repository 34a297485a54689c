import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SettingsView } from '../../src-shared/ipc-contract';
import { FormMessages } from '../components/form-messages';
import { ManagedBadge } from './managed-badge';
import { useSettingsStore } from './settings-store';
import { UpdatesSection } from './updates-section';
import './settings.css';

const SOURCE_TEXT: Record<SettingsView['serverUrl']['inUseSource'], string> = {
  policy: 'set by your organization',
  settings: 'your setting',
  environment: 'CNS_API_URL',
  embedded: 'the built-in server on this computer',
};

function SettingsForm({ view }: { view: SettingsView }) {
  const { save, busy, error, saved } = useSettingsStore();
  const [serverUrl, setServerUrl] = useState(view.serverUrl.value);
  const [rememberUsername, setRememberUsername] = useState(view.rememberUsername);
  const managed = view.serverUrl.managed;

  function submit(event: FormEvent): void {
    event.preventDefault();
    void save(managed ? { rememberUsername } : { serverUrl, rememberUsername });
  }

  return (
    <form onSubmit={submit} noValidate>
      <section aria-labelledby="settings-server">
        <h3 id="settings-server">Server</h3>
        <label htmlFor="settings-server-url">Server address</label>
        <input
          id="settings-server-url"
          name="serverUrl"
          type="url"
          inputMode="url"
          value={serverUrl}
          placeholder="Default (built in)"
          readOnly={managed}
          aria-readonly={managed}
          aria-describedby={managed ? 'settings-server-managed settings-server-in-use' : 'settings-server-in-use'}
          onChange={(e) => setServerUrl(e.target.value)}
        />
        {managed ? <ManagedBadge id="settings-server-managed" /> : null}
        <p className="hint" id="settings-server-in-use">
          In use now: <span className="mono">{view.serverUrl.inUse}</span> ({SOURCE_TEXT[view.serverUrl.inUseSource]})
        </p>
      </section>
      <section aria-labelledby="settings-sign-in">
        <h3 id="settings-sign-in">Sign in</h3>
        <label className="choice">
          <input type="checkbox" checked={rememberUsername} onChange={(e) => setRememberUsername(e.target.checked)} />
          Remember my user name on this computer
        </label>
        <p className="hint">
          “Remember this computer”:{' '}
          {view.rememberDevice.allowed
            ? `offered after a passcode.${view.rememberDevice.maxDays ? ` Your organization's limit for remembered computers: ${view.rememberDevice.maxDays} days.` : ''}`
            : 'not offered on this computer.'}
        </p>
        {view.rememberDevice.managed ? <ManagedBadge /> : null}
      </section>
      <FormMessages error={error} notice={saved} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Save
        </button>
      </div>
    </form>
  );
}

/**
 * The Settings dialog, opened from the Log In screen and the account menu.
 * A native modal <dialog>: focus stays inside, Escape closes it, and focus
 * returns to the button that opened it.
 */
export function SettingsDialog() {
  const { open, hide, load } = useSettingsStore();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      element.showModal();
      void load();
    } else if (!open && element.open) {
      element.close();
    }
  }, [open, load]);

  return (
    <dialog ref={dialog} className="settings-dialog" aria-labelledby="settings-title" onClose={hide}>
      {open ? <SettingsContent /> : null}
    </dialog>
  );
}

/** The dialog's content, rendered only while it is open so a closed dialog adds nothing to the page. */
function SettingsContent() {
  const { hide, view, error } = useSettingsStore();
  return (
    <>
      <h2 id="settings-title" tabIndex={-1} autoFocus>
        Settings
      </h2>
      {view && view.notices.length > 0 ? (
        <ul className="settings-notices" aria-label="Notices">
          {view.notices.map((notice) => (
            <li key={notice}>{notice}</li>
          ))}
        </ul>
      ) : null}
      {view ? <SettingsForm key={JSON.stringify(view.serverUrl)} view={view} /> : null}
      {!view && error ? <FormMessages error={error} /> : null}
      <UpdatesSection />
      {view && (view.support.phone || view.support.helpUrl) ? (
        <section aria-labelledby="settings-help">
          <h3 id="settings-help">Help from your organization</h3>
          {view.support.phone ? (
            <p>
              Help desk: <a href={`tel:${view.support.phone}`}>{view.support.phone}</a>
            </p>
          ) : null}
          {view.support.helpUrl ? (
            <p>
              Help pages: <span className="mono">{view.support.helpUrl}</span>
            </p>
          ) : null}
        </section>
      ) : null}
      <div className="actions">
        <button type="button" onClick={hide}>
          Close
        </button>
      </div>
    </>
  );
}

/** Opens the Settings dialog (the account menu's "Settings" item). */
export function openSettings(): void {
  useSettingsStore.getState().show();
}

/**
 * The "Settings" button for the Log In screen: opens the dialog. It reads the
 * settings once on arrival, so a notice (a reset settings file, an unusable
 * policy value) is announced before anyone signs in.
 */
export function SettingsButton() {
  const show = useSettingsStore((s) => s.show);
  const load = useSettingsStore((s) => s.load);
  const notices = useSettingsStore((s) => s.view?.notices.length ?? 0);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      <button type="button" className="link-button" onClick={show}>
        Settings
      </button>
      {notices > 0 ? (
        <span role="status" className="settings-attention">
          {' '}
          {notices === 1 ? '1 message about your settings' : `${notices} messages about your settings`}
        </span>
      ) : null}
      <SettingsDialog />
    </>
  );
}
