import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { TrustedComputer } from '../../src-shared/ipc-contract';
import type { Result } from '../../src-shared/result';
import { bridge } from '../bridge';
import { FormMessages } from '../components/form-messages';

function formatDate(iso: string | null): string {
  return iso ? new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : '—';
}

/** Account menu → Trusted computers: every remembered computer, with rename and revoke. */
export function TrustedComputersPanel() {
  const [computers, setComputers] = useState<TrustedComputer[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [renaming, setRenaming] = useState<string | undefined>();
  const [name, setName] = useState('');

  const apply = useCallback((result: Result<TrustedComputer[]>, done?: string) => {
    if (result.ok) {
      setComputers(result.value);
      setError(undefined);
      setNotice(done);
    } else setError(result.error.message);
  }, []);

  useEffect(() => {
    void bridge()
      .listDevices()
      .then((r) => apply(r));
  }, [apply]);

  function rename(event: FormEvent, id: string): void {
    event.preventDefault();
    void bridge()
      .renameDevice({ id, name })
      .then((r) => {
        apply(r, 'The computer was renamed.');
        if (r.ok) setRenaming(undefined);
      });
  }

  function revoke(computer: TrustedComputer): void {
    void bridge()
      .revokeDevice({ id: computer.id })
      .then((r) =>
        apply(
          r,
          computer.isThisComputer
            ? 'This computer is no longer remembered. A passcode will be needed at your next log in.'
            : `${computer.name} is no longer remembered.`,
        ),
      );
  }

  return (
    <section aria-labelledby="trusted-title">
      <h2 id="trusted-title" tabIndex={-1}>
        Trusted computers
      </h2>
      <p>Computers where you chose &quot;Remember this computer&quot; log in without a passcode until they expire.</p>
      <FormMessages error={error} notice={notice} />
      {computers === undefined ? <p>Loading…</p> : null}
      {computers && computers.length === 0 ? <p>No computer is remembered for your account.</p> : null}
      {computers && computers.length > 0 ? (
        <ul className="device-list">
          {computers.map((c) => (
            <li key={c.id}>
              {renaming === c.id ? (
                <form onSubmit={(e) => rename(e, c.id)} noValidate>
                  <label htmlFor={`rename-${c.id}`}>New name for {c.name}</label>
                  <input id={`rename-${c.id}`} value={name} onChange={(e) => setName(e.target.value)} maxLength={64} />
                  <div className="actions">
                    <button type="submit" className="primary">
                      Save name
                    </button>
                    <button type="button" onClick={() => setRenaming(undefined)}>
                      Cancel
                    </button>
                  </div>
                </form>
              ) : (
                <>
                  <p className="device-name">
                    <strong>{c.name}</strong>
                    {c.isThisComputer ? ' (this computer)' : ''}
                  </p>
                  <p className="hint">
                    Remembered {formatDate(c.createdAt)} · last used {formatDate(c.lastUsedAt)} · expires{' '}
                    {formatDate(c.expiresAt)}
                  </p>
                  <div className="actions">
                    <button
                      type="button"
                      aria-label={`Rename ${c.name}`}
                      onClick={() => {
                        setRenaming(c.id);
                        setName(c.name);
                      }}
                    >
                      Rename
                    </button>
                    <button type="button" aria-label={`Revoke ${c.name}`} onClick={() => revoke(c)}>
                      Revoke
                    </button>
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
