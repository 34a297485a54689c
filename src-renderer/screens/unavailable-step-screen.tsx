import type { Step } from '../../src-shared/steps';
import { PageLayout } from '../components/page-layout';
import { useAuthStore } from '../store/auth-store';

/**
 * Shown when the server asks for a step this version of the app cannot draw
 * (an older app against a newer server): says so and offers a way back.
 */
export function UnavailableStepScreen({ step }: { step: Step }) {
  const { signOut, busy } = useAuthStore();
  return (
    <PageLayout title="This step needs a newer version of the app">
      <p>
        The server asked for a step this version of Click-N-Ship cannot show yet ({step.kind}). Please update the app or
        contact Customer Care.
      </p>
      <button type="button" onClick={() => void signOut()} disabled={busy}>
        Back to Log In
      </button>
    </PageLayout>
  );
}
