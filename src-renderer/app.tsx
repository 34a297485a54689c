import { useEffect } from 'react';
import { EnterOtpScreen } from './screens/enter-otp-screen';
import { LoginScreen } from './screens/login-screen';
import { SignedInScreen } from './screens/signed-in-screen';
import { UnavailableStepScreen } from './screens/unavailable-step-screen';
import { useAuthStore } from './store/auth-store';

/** Draws the screen for the step the main process says is current. */
export function App() {
  const step = useAuthStore((s) => s.step);
  const load = useAuthStore((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);

  if (!step) return <p className="loading">Loading…</p>;
  switch (step.kind) {
    case 'password':
      return <LoginScreen />;
    case 'enter-otp':
      return <EnterOtpScreen step={step} />;
    case 'signed-in':
      return <SignedInScreen step={step} />;
    default:
      return <UnavailableStepScreen step={step} />;
  }
}
