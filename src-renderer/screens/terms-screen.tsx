import type { StepOf } from '../../src-shared/steps';
import { FormMessages } from '../components/form-messages';
import { PageLayout } from '../components/page-layout';
import { useAuthStore } from '../store/auth-store';

/** Guide C9: the Terms and Conditions at the first sign-in; I Agree, or Decline (not signed in). */
export function TermsScreen({ step }: { step: StepOf<'terms'> }) {
  const { acceptTerms, declineTerms, busy, error, notice } = useAuthStore();
  return (
    <PageLayout title="Terms and Conditions">
      <p>This is your first time logging in to Click-N-Ship. Please read the Terms and Conditions.</p>
      <section className="terms-text" tabIndex={0} aria-label={`Terms and Conditions, version ${step.version}`}>
        {step.text.split(/\n{2,}/).map((paragraph, i) => (
          <p key={i}>{paragraph}</p>
        ))}
      </section>
      <FormMessages error={error} notice={notice} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => void acceptTerms()} disabled={busy}>
          I Agree
        </button>
        <button type="button" onClick={() => void declineTerms()} disabled={busy}>
          Decline
        </button>
      </div>
      <p className="hint">If you decline, you will not be signed in.</p>
    </PageLayout>
  );
}
