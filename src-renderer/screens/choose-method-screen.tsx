import { useState, type FormEvent } from 'react';
import type { StepOf } from '../../src-shared/steps';
import { BackToLogin } from '../components/back-to-login';
import { FormMessages } from '../components/form-messages';
import { PageLayout } from '../components/page-layout';
import { useAuthStore } from '../store/auth-store';

/** Guide B5: SMS or the verified email as the MFA method. */
export function ChooseMethodScreen({ step }: { step: StepOf<'choose-method'> }) {
  const { chooseMethod, busy, error, notice } = useAuthStore();
  const [method, setMethod] = useState<'sms' | 'email'>(step.methods[0] ?? 'sms');

  function submit(event: FormEvent): void {
    event.preventDefault();
    void chooseMethod(method);
  }

  return (
    <PageLayout title="Choose Your MFA Method">
      <p>
        Now that you have verified your email, you can use either SMS or your verified email to receive one-time
        passcodes.
      </p>
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>Send my passcodes by</legend>
          {step.methods.includes('sms') ? (
            <label className="choice">
              <input type="radio" name="method" checked={method === 'sms'} onChange={() => setMethod('sms')} />
              SMS
            </label>
          ) : null}
          {step.methods.includes('email') ? (
            <label className="choice">
              <input type="radio" name="method" checked={method === 'email'} onChange={() => setMethod('email')} />
              Email
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
