import { useState, type FormEvent } from 'react';
import type { StepOf } from '../../src-shared/steps';
import { BackToLogin } from '../components/back-to-login';
import { FormMessages } from '../components/form-messages';
import { PageLayout } from '../components/page-layout';
import { useAuthStore } from '../store/auth-store';

/** Guide C3: choose Phone or Email to add or modify; Cancel logs you in. */
export function ModifyChooseScreen({ step }: { step: StepOf<'modify-choose'> }) {
  const { modifyChoose, modifyCancel, busy, error, notice } = useAuthStore();
  const [factor, setFactor] = useState<'phone' | 'email'>('phone');

  function submit(event: FormEvent): void {
    event.preventDefault();
    void modifyChoose(factor);
  }

  return (
    <PageLayout title="Modify MFA Options">
      <p>Select the Email or Phone MFA option you would like to Add/Modify and click Continue.</p>
      <form onSubmit={submit} noValidate>
        <fieldset>
          <legend>Add or modify</legend>
          <label className="choice">
            <input type="radio" name="factor" checked={factor === 'phone'} onChange={() => setFactor('phone')} />
            Phone {step.currentPhone ? `(now ${step.currentPhone})` : '(none yet)'}
          </label>
          <label className="choice">
            <input type="radio" name="factor" checked={factor === 'email'} onChange={() => setFactor('email')} />
            Email (now {step.currentEmail})
          </label>
        </fieldset>
        <FormMessages error={error} notice={notice} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            Continue
          </button>
          <button type="button" onClick={() => void modifyCancel()} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
      <p className="hint">Selecting Cancel will log you in.</p>
      <BackToLogin />
    </PageLayout>
  );
}
