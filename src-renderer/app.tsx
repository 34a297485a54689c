import { useEffect } from 'react';
import type { Step } from '../src-shared/steps';
import { ChooseMethodScreen } from './screens/choose-method-screen';
import { CheckEmailScreen } from './screens/check-email-screen';
import { EnrollOfferScreen } from './screens/enroll-offer-screen';
import { EnterEmailScreen } from './screens/enter-email-screen';
import { EnterOtpScreen } from './screens/enter-otp-screen';
import { EnterPhoneScreen } from './screens/enter-phone-screen';
import { LoginScreen } from './screens/login-screen';
import { ModifyChooseScreen } from './screens/modify-choose-screen';
import { ModifyOfferScreen } from './screens/modify-offer-screen';
import { SignedInScreen } from './screens/signed-in-screen';
import { TermsScreen } from './screens/terms-screen';
import { UnavailableStepScreen } from './screens/unavailable-step-screen';
import { VerifyEmailScreen } from './screens/verify-email-screen';
import { useAuthStore } from './store/auth-store';

function StepScreen({ step }: { step: Step }) {
  switch (step.kind) {
    case 'password':
      return <LoginScreen />;
    case 'enroll-offer':
      return <EnrollOfferScreen step={step} />;
    case 'verify-email':
      return <VerifyEmailScreen step={step} />;
    case 'check-email':
      return <CheckEmailScreen step={step} />;
    case 'choose-method':
      return <ChooseMethodScreen step={step} />;
    case 'enter-phone':
      return <EnterPhoneScreen step={step} />;
    case 'enter-otp':
      return <EnterOtpScreen step={step} />;
    case 'modify-offer':
      return <ModifyOfferScreen />;
    case 'modify-choose':
      return <ModifyChooseScreen step={step} />;
    case 'enter-email':
      return <EnterEmailScreen step={step} />;
    case 'terms':
      return <TermsScreen step={step} />;
    case 'signed-in':
      return <SignedInScreen step={step} />;
    default:
      return <UnavailableStepScreen step={step} />;
  }
}

/** Draws the screen for the step the main process says is current; a new step remounts its screen. */
export function App() {
  const step = useAuthStore((s) => s.step);
  const load = useAuthStore((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);

  if (!step) return <p className="loading">Loading…</p>;
  // A new passcode or link (resend, other address) remounts its screen: fresh field, focus on the heading.
  const key =
    step.kind === 'enter-otp' || step.kind === 'check-email'
      ? `${step.kind}-${step.purpose}-${step.sentTo}-${step.expiresAt}`
      : step.kind;
  return <StepScreen key={key} step={step} />;
}
