import type { StepOf } from '../../src-shared/steps';
import { FormMessages } from '../components/form-messages';
import { ShippingApp } from '../shipping/shipping-app';
import { useAuthStore } from '../store/auth-store';

/** The signed-in shell: where the shipping application lives. */
export function SignedInScreen({ step }: { step: StepOf<'signed-in'> }) {
  const { signOut, busy, notice, error } = useAuthStore();
  return (
    <div className="page">
      <header className="brand-bar">
        <span className="brand">Click-N-Ship®</span>
        <span className="account">
          Signed in as <strong>{step.username}</strong>{' '}
          <button type="button" onClick={() => void signOut()} disabled={busy}>
            Sign out
          </button>
        </span>
      </header>
      <main className="panel main-panel">
        <h1 tabIndex={-1}>Welcome to Click-N-Ship</h1>
        <FormMessages error={error} notice={notice} />
        <ShippingApp />
      </main>
    </div>
  );
}
