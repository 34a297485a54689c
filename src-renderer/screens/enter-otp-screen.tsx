import { useState, type FormEvent } from 'react';
import type { StepOf } from '../../src-shared/steps';
import { FormMessages } from '../components/form-messages';
import { PageLayout } from '../components/page-layout';
import { useAuthStore } from '../store/auth-store';

/** Guide steps B7, B8 and C2: enter the one-time passcode that was just sent. */
export function EnterOtpScreen({ step }: { step: StepOf<'enter-otp'> }) {
  const { submitPasscode, busy, error, notice } = useAuthStore();
  const [code, setCode] = useState('');
  const where = step.channel === 'sms' ? 'the phone number' : 'the email address';

  function submit(event: FormEvent): void {
    event.preventDefault();
    void submitPasscode(code, false);
  }

  return (
    <PageLayout title="Multifactor Authentication (MFA)">
      <p>
        Please enter the passcode sent to {where} associated with your account: <strong>{step.sentTo}</strong>. It
        expires in 5 minutes.
      </p>
      <form onSubmit={submit} noValidate>
        <label htmlFor="passcode">Passcode</label>
        <input
          id="passcode"
          name="passcode"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={16}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          required
        />
        <FormMessages error={error} notice={notice} />
        <button type="submit" className="primary" disabled={busy}>
          Submit
        </button>
      </form>
    </PageLayout>
  );
}
