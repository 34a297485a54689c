import { useAuthStore } from '../store/auth-store';

/** A way out of any sign-in step: leaves the flow and shows Log In again. */
export function BackToLogin() {
  const { restart, busy } = useAuthStore();
  return (
    <p className="back-link">
      <button type="button" className="link-button" onClick={() => void restart()} disabled={busy}>
        Back to Log In
      </button>
    </p>
  );
}
