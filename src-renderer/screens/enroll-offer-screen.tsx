import { useState, type FormEvent } from 'react';
import type { StepOf } from '../../src-shared/steps';
import { BackToLogin } from '../components/back-to-login';
import { FormMessages } from '../components/form-messages';
import { PageLayout } from '../components/page-layout';
import { useAuthStore } from '../store/auth-store';

/** Guide B1: Enroll in MFA (opting out only for accounts from before the cut-off). */
export function EnrollOfferScreen({ step }: { step: StepOf<'enroll-offer'> }) {
  const { startEnrollment, optOut, busy, error, notice } = useAuthStore();
  const [choice, setChoice] = useState<'enroll' | 'opt-out'>('enroll');

  function submit(event: FormEvent): void {
    event.preventDefault();
    void (choice === 'opt-out' && step.optOutAllowed ? optOut() : startEnrollment());
  }

  return (
    <PageLayout title="Multifactor Authentication (MFA)">
      <p>
        For enhanced security, Click-N-Ship uses Multifactor Authentication (MFA): after your password, you confirm it
        is you with a one-time passcode sent by text message or email.
      </p>
      {step.optOutAllowed ? (
        <p>Your account was created before March 6, 2025, so you may opt out of MFA for now.</p>
      ) : (
        <p>Accounts created on or after March 6, 2025 are required to enroll in MFA.</p>
      )}
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>How would you like to continue?</legend>
          <label className="choice">
            <input
              type="radio"
              name="enroll"
              value="enroll"
              checked={choice === 'enroll'}
              onChange={() => setChoice('enroll')}
            />
            Enroll in MFA
          </label>
          {step.optOutAllowed ? (
            <label className="choice">
              <input
                type="radio"
                name="enroll"
                value="opt-out"
                checked={choice === 'opt-out'}
                onChange={() => setChoice('opt-out')}
              />
              Opt out of MFA for now
            </label>
          ) : null}
        </fieldset>
        <FormMessages error={error} notice={notice} />
        <button type="submit" className="primary" disabled={busy}>
          Continue
        </button>
      </form>
      <BackToLogin />
    </PageLayout>
  );
}
