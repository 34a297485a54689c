import { BackToLogin } from '../components/back-to-login';
import { FormMessages } from '../components/form-messages';
import { PageLayout } from '../components/page-layout';
import { useAuthStore } from '../store/auth-store';

/** Guide C1: after the passcode, the option to Modify MFA options; Cancel logs you in. */
export function ModifyOfferScreen() {
  const { modifyContinue, modifyCancel, busy, error, notice } = useAuthStore();
  return (
    <PageLayout title="Modify MFA Options">
      <p>
        You have completed MFA. Would you like to add or modify the phone number or email address you use for
        Multifactor Authentication?
      </p>
      <p>Select Continue to make a change, or Cancel to log in now.</p>
      <FormMessages error={error} notice={notice} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => void modifyContinue()} disabled={busy}>
          Continue
        </button>
        <button type="button" onClick={() => void modifyCancel()} disabled={busy}>
          Cancel
        </button>
      </div>
      <p className="hint">
        If you&apos;re experiencing any issues modifying your MFA, please contact the Internet Customer Care Center.
      </p>
      <BackToLogin />
    </PageLayout>
  );
}
