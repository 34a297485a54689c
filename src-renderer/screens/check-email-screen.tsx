import { useEffect, useState } from 'react';
import type { StepOf } from '../../src-shared/steps';
import { BackToLogin } from '../components/back-to-login';
import { FormMessages } from '../components/form-messages';
import { PageLayout } from '../components/page-layout';
import { secondsUntil, useNow } from '../hooks/use-now';
import { useAuthStore } from '../store/auth-store';
import { NewEmailForm } from './new-email-form';

/** How often the app asks whether the link was confirmed. */
const POLL_INTERVAL_MS = 2000;

/**
 * Guide B3/B4 and C7/C8: waiting for the emailed link. The screen moves on by
 * itself: it polls the flow every few seconds and whenever the window regains
 * focus (a clicknship:// link brings it forward).
 */
export function CheckEmailScreen({ step }: { step: StepOf<'check-email'> }) {
  const { poll, resendLink, busy, error, notice } = useAuthStore();
  const [changing, setChanging] = useState(false);
  const now = useNow();
  const cooldown = secondsUntil(step.resendAvailableAt, now);

  useEffect(() => {
    const timer = setInterval(() => void poll(), POLL_INTERVAL_MS);
    const onFocus = () => void poll();
    window.addEventListener('focus', onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [poll]);

  return (
    <PageLayout title="Check Your Email" focusKey={changing ? 'change' : 'wait'}>
      <p>
        We sent a verification link to <strong>{step.sentTo}</strong> from USPostalService@usps.com. Open the email and
        click the <strong>Email verification link</strong>, then confirm on the page that opens.
      </p>
      <p>This screen continues by itself once your email is verified. The link works for 30 minutes.</p>
      <p className="waiting" aria-live="polite">
        Waiting for you to verify your email…
      </p>
      {changing ? (
        <>
          <h2>Use a different email address</h2>
          <NewEmailForm />
        </>
      ) : (
        <>
          <FormMessages error={error} notice={notice} />
          <div className="actions">
            <button type="button" onClick={() => void resendLink()} disabled={busy || cooldown > 0}>
              Resend link
            </button>
            <button type="button" onClick={() => setChanging(true)} disabled={busy}>
              Change email address
            </button>
          </div>
          {cooldown > 0 ? <p className="hint">You can resend the link in {cooldown} s.</p> : null}
        </>
      )}
      <BackToLogin />
    </PageLayout>
  );
}
