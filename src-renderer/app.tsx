import { lazy, Suspense, useEffect } from 'react';
import type { Step } from '../src-shared/steps';
import { dropLaunchAnswers } from './launch-questions';
import { prefetchWhenIdle } from './prefetch-when-idle';
import { LoginScreen, prefetchAccountHelp } from './screens/login-screen';
import { UnavailableStepScreen } from './screens/unavailable-step-screen';
import { useAuthStore } from './store/auth-store';

/**
 * Every screen after Log In lives in its own chunk, so the entry script holds
 * only what the first screen needs (bench/renderer: time to an interactive
 * Log In grows with the entry script's size). The chunks are fetched while
 * the user types the password ({@link preloadStepScreens}).
 */
const loaders = {
  // In the order a sign-in most often needs them (guide A, C1, C3, terms, then the application).
  enterOtp: () => import('./screens/enter-otp-screen'),
  modifyOffer: () => import('./screens/modify-offer-screen'),
  terms: () => import('./screens/terms-screen'),
  signedIn: () => import('./screens/signed-in-screen'),
  enrollOffer: () => import('./screens/enroll-offer-screen'),
  verifyEmail: () => import('./screens/verify-email-screen'),
  checkEmail: () => import('./screens/check-email-screen'),
  chooseMethod: () => import('./screens/choose-method-screen'),
  enterPhone: () => import('./screens/enter-phone-screen'),
  modifyChoose: () => import('./screens/modify-choose-screen'),
  enterEmail: () => import('./screens/enter-email-screen'),
};
const SignedInScreen = lazy(() => loaders.signedIn().then((m) => ({ default: m.SignedInScreen })));
const EnrollOfferScreen = lazy(() => loaders.enrollOffer().then((m) => ({ default: m.EnrollOfferScreen })));
const VerifyEmailScreen = lazy(() => loaders.verifyEmail().then((m) => ({ default: m.VerifyEmailScreen })));
const CheckEmailScreen = lazy(() => loaders.checkEmail().then((m) => ({ default: m.CheckEmailScreen })));
const ChooseMethodScreen = lazy(() => loaders.chooseMethod().then((m) => ({ default: m.ChooseMethodScreen })));
const EnterPhoneScreen = lazy(() => loaders.enterPhone().then((m) => ({ default: m.EnterPhoneScreen })));
const EnterOtpScreen = lazy(() => loaders.enterOtp().then((m) => ({ default: m.EnterOtpScreen })));
const ModifyOfferScreen = lazy(() => loaders.modifyOffer().then((m) => ({ default: m.ModifyOfferScreen })));
const ModifyChooseScreen = lazy(() => loaders.modifyChoose().then((m) => ({ default: m.ModifyChooseScreen })));
const EnterEmailScreen = lazy(() => loaders.enterEmail().then((m) => ({ default: m.EnterEmailScreen })));
const TermsScreen = lazy(() => loaders.terms().then((m) => ({ default: m.TermsScreen })));

let preloaded = false;

/**
 * Fetches the later screens once the first one is drawn, in idle time, so
 * moving on never waits for a chunk and the fetching never delays typing.
 */
function preloadStepScreens(): void {
  if (preloaded) return;
  preloaded = true;
  // The passcode screen first, then the pages behind Log In's own links, then the rest.
  const { enterOtp, ...rest } = loaders;
  prefetchWhenIdle([enterOtp, prefetchAccountHelp, ...Object.values(rest)]);
}

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
    // main.tsx asked before the first frame; ask here only if that answer has not come (or failed).
    if (!useAuthStore.getState().step) void load();
  }, [load]);
  useEffect(() => {
    if (!step) return;
    // The first screen is drawn (its own effects, which run first, took what they needed): the launch is over.
    dropLaunchAnswers();
    preloadStepScreens();
  }, [step]);

  if (!step) return <p className="loading">Loading…</p>;
  // A new passcode or link (resend, other address) remounts its screen: fresh field, focus on the heading.
  const key =
    step.kind === 'enter-otp' || step.kind === 'check-email'
      ? `${step.kind}-${step.purpose}-${step.sentTo}-${step.expiresAt}`
      : step.kind;
  return (
    <Suspense fallback={<p className="loading">Loading…</p>}>
      <StepScreen key={key} step={step} />
    </Suspense>
  );
}
