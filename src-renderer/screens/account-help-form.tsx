import { useState, type FormEvent, type ReactNode } from 'react';
import type { Result } from '../../src-shared/result';
import { FormMessages } from '../components/form-messages';

/**
 * A small form for the Log In screen's side pages: runs one call, shows the
 * server's message or error, and never keeps what was typed after success.
 */
export function useAccountHelpCall<T>(): {
  busy: boolean;
  error: string | undefined;
  run(call: () => Promise<Result<T>>, onDone: (value: T) => void): void;
  fail(message: string): void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  return {
    busy,
    error,
    fail: setError,
    run(call, onDone) {
      setBusy(true);
      setError(undefined);
      call()
        .then((result) => {
          setBusy(false);
          if (result.ok) onDone(result.value);
          else setError(result.error.message);
        })
        .catch(() => {
          setBusy(false);
          setError('The app could not complete that action. Please try again.');
        });
    },
  };
}

/** A form with its messages and submit button. */
export function HelpForm(props: {
  onSubmit: () => void;
  submitLabel: string;
  busy: boolean;
  error: string | undefined;
  children: ReactNode;
}) {
  function submit(event: FormEvent): void {
    event.preventDefault();
    props.onSubmit();
  }
  return (
    <form onSubmit={submit} noValidate>
      {props.children}
      <FormMessages error={props.error} />
      <button type="submit" className="primary" disabled={props.busy}>
        {props.submitLabel}
      </button>
    </form>
  );
}
