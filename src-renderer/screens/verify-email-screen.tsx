import { useState, type FormEvent } from 'react';
import type { StepOf } from '../../src-shared/steps';
import { BackToLogin } from '../components/back-to-login';
import { FormMessages } from '../components/form-messages';
import { PageLayout } from '../components/page-layout';
import { useAuthStore } from '../store/auth-store';
import { NewEmailForm } from './new-email-form';

/** Guide B2: keep the account email (Yes) or change it (No, I'd like to change my email). */
export function VerifyEmailScreen({ step }: { step: StepOf<'verify-email'> }) {
  const { keepEmail, busy, error, notice } = useAuthStore();
  const [choice, setChoice] = useState<'yes' | 'no'>('yes');
  const [changing, setChanging] = useState(false);

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (choice === 'yes') void keepEmail();
    else setChanging(true);
  }

  if (changing) {
    return (
      <PageLayout title="Verify Your Email" focusKey="change-email">
        <p>Enter the email address you would like to use for account recovery and MFA.</p>
        <NewEmailForm />
        <p>
          <button type="button" className="link-button" onClick={() => setChanging(false)} disabled={busy}>
            Use my USPS.com account email instead
          </button>
        </p>
      </PageLayout>
    );
  }

  return (
    <PageLayout title="Verify Your Email">
      <p>
        For enhanced security, we&apos;ll guide you through setting up Multifactor Authentication (MFA) for your
        account. First, we need to verify the recovery email you&apos;d like to use. You may use your USPS.com® verified
        email address or choose to enter a new one.
      </p>
      <p>
        Your USPS.com account email address is: <strong>{step.accountEmail}</strong>
      </p>
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>Use this email address?</legend>
          <label className="choice">
            <input type="radio" name="keep" value="yes" checked={choice === 'yes'} onChange={() => setChoice('yes')} />
            Yes
          </label>
          <label className="choice">
            <input type="radio" name="keep" value="no" checked={choice === 'no'} onChange={() => setChoice('no')} />
            No, I&apos;d like to change my email
          </label>
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
