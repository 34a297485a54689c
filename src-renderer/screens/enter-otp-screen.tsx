import { useState, type FormEvent } from 'react';
import { otpCodeSchema } from '../../src-shared/validation';
import type { StepOf } from '../../src-shared/steps';
import { BackToLogin } from '../components/back-to-login';
import { FormMessages } from '../components/form-messages';
import { PageLayout } from '../components/page-layout';
import { formatCountdown, secondsUntil, useNow } from '../hooks/use-now';
import { useAuthStore } from '../store/auth-store';
import { PhoneForm } from './phone-form';

const CHANNEL_WORDS = { sms: 'phone number', email: 'email address' } as const;
const SWITCH_WORDS = { sms: 'Send the passcode by text message instead', email: 'Send the passcode by email instead' };

/**
 * Guide B7, B8, C2 and C5: one field for the 6-digit passcode (pasting
 * "123 456" works), the time left, Resend with its cooldown, "Remember this
 * computer" (disabled with the reason when the keychain cannot be used).
 */
export function EnterOtpScreen({ step }: { step: StepOf<'enter-otp'> }) {
  const { submitPasscode, resendPasscode, switchMethod, showError, remember, busy, error, notice } = useAuthStore();
  const [code, setCode] = useState('');
  const [rememberDevice, setRememberDevice] = useState(false);
  const [changingPhone, setChangingPhone] = useState(false);
  const now = useNow();
  const left = secondsUntil(step.expiresAt, now);
  const cooldown = secondsUntil(step.resendAvailableAt, now);
  const canRemember = remember?.available === true;

  function submit(event: FormEvent): void {
    event.preventDefault();
    const parsed = otpCodeSchema.safeParse(code);
    if (!parsed.success) {
      showError(parsed.error.issues[0]?.message ?? 'Enter the 6-digit passcode.');
      return;
    }
    void submitPasscode(parsed.data, canRemember && rememberDevice);
    setCode('');
  }

  if (changingPhone) {
    return (
      <PageLayout title="Verify Your Phone Number" focusKey="change-phone">
        <p>Enter a different mobile phone number and select &quot;Send Passcode.&quot;</p>
        <PhoneForm />
        <p>
          <button type="button" className="link-button" onClick={() => setChangingPhone(false)} disabled={busy}>
            Back to the passcode
          </button>
        </p>
      </PageLayout>
    );
  }

  return (
    <PageLayout title="Multifactor Authentication (MFA)" focusKey={step.expiresAt}>
      <p>
        Please enter the passcode sent to the {CHANNEL_WORDS[step.channel]} associated with your account:{' '}
        <strong>{step.sentTo}</strong>.
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
          aria-describedby="passcode-time"
          required
        />
        <p id="passcode-time" className="hint">
          {left > 0
            ? `This passcode expires in ${formatCountdown(left)}.`
            : 'This passcode has expired. Select Resend to get a new one.'}
        </p>
        {step.canRememberDevice ? (
          <div className="remember">
            <label className="choice">
              <input
                type="checkbox"
                name="remember"
                checked={canRemember && rememberDevice}
                disabled={!canRemember}
                onChange={(e) => setRememberDevice(e.target.checked)}
                aria-describedby="remember-hint"
              />
              Remember this computer
            </label>
            <p id="remember-hint" className="hint">
              {canRemember
                ? 'Next time, this computer signs in without a passcode until its trust expires. Do not use on a shared computer.'
                : `This computer cannot be remembered: ${remember && !remember.available ? remember.reason : 'the keychain is not available.'}`}
            </p>
          </div>
        ) : null}
        <FormMessages error={error} notice={notice} />
        <button type="submit" className="primary" disabled={busy}>
          Submit
        </button>
      </form>
      <div className="actions">
        <button type="button" onClick={() => void resendPasscode()} disabled={busy || cooldown > 0}>
          Resend
        </button>
        {step.alternateChannel ? (
          <button type="button" onClick={() => void switchMethod()} disabled={busy}>
            {SWITCH_WORDS[step.alternateChannel]}
          </button>
        ) : null}
        {step.canChangePhone ? (
          <button type="button" onClick={() => setChangingPhone(true)} disabled={busy}>
            Use a different phone number
          </button>
        ) : null}
      </div>
      <p className="hint" aria-live="polite">
        {cooldown > 0 ? `You can resend the passcode in ${cooldown} s.` : 'You can resend the passcode now.'}
      </p>
      <BackToLogin />
    </PageLayout>
  );
}
