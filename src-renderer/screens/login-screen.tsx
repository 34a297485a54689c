import { lazy, Suspense, useState, type FormEvent } from 'react';
import { FormMessages } from '../components/form-messages';
import { PageLayout } from '../components/page-layout';
import { SettingsButton } from '../settings/settings-dialog';
import { useSettingsStore } from '../settings/settings-store';
import { useAuthStore } from '../store/auth-store';
import { useLoginView } from '../store/login-view-store';

// The pages behind the Log In screen's links carry the request schemas (zod); they load when first
// opened, and are fetched right after Log In is drawn, so the first screen does not wait for them.
const accountHelp = {
  createAccount: () => import('./create-account-screen'),
  forgotPassword: () => import('./forgot-password-screen'),
  forgotUsername: () => import('./forgot-username-screen'),
};
const CreateAccountScreen = lazy(() => accountHelp.createAccount().then((m) => ({ default: m.CreateAccountScreen })));
const ForgotUsernameScreen = lazy(() =>
  accountHelp.forgotUsername().then((m) => ({ default: m.ForgotUsernameScreen })),
);
const ForgotPasswordScreen = lazy(() =>
  accountHelp.forgotPassword().then((m) => ({ default: m.ForgotPasswordScreen })),
);
const ResetPasswordScreen = lazy(() => accountHelp.forgotPassword().then((m) => ({ default: m.ResetPasswordScreen })));

/** Fetches the account-help pages (after Log In is on screen), so opening one does not wait. */
export function prefetchAccountHelp(): Promise<unknown> {
  return Promise.all(Object.values(accountHelp).map((load) => load()));
}

/** Guide step A, and the pages its links open (forgot username/password, create account). */
export function LoginScreen() {
  const view = useLoginView((s) => s.view);
  return <Suspense fallback={null}>{loginView(view)}</Suspense>;
}

function loginView(view: ReturnType<typeof useLoginView.getState>['view']) {
  switch (view) {
    case 'create-account':
      return <CreateAccountScreen />;
    case 'forgot-username':
      return <ForgotUsernameScreen />;
    case 'forgot-password':
      return <ForgotPasswordScreen />;
    case 'reset-password':
      return <ResetPasswordScreen />;
    default:
      return <LoginForm />;
  }
}

/**
 * Guide step A: Sign in with user name and password. The user name starts as
 * the one kept from the last sign-in when the user opted in (settings), until
 * the user types.
 */
function LoginForm() {
  const { logIn, busy, error, notice } = useAuthStore();
  const { go, message } = useLoginView();
  const remembered = useSettingsStore((s) => s.view?.rememberedUsername ?? null);
  const [typed, setUsername] = useState<string | undefined>(undefined);
  const username = typed ?? remembered ?? '';
  const [password, setPassword] = useState('');

  function submit(event: FormEvent): void {
    event.preventDefault();
    go('login');
    void logIn(username, password);
  }

  return (
    <PageLayout title="Sign in to Your Click-N-Ship Account">
      <p>Your account provides access to all of your shipping tools. Usernames and Passwords are case sensitive.</p>
      <form onSubmit={submit} noValidate>
        <label htmlFor="username">User Name</label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        <FormMessages error={error} notice={notice ?? message} />
        <button type="submit" className="primary" disabled={busy}>
          Log In
        </button>
      </form>
      <ul className="link-list">
        <li>
          <button type="button" className="link-button" onClick={() => go('forgot-username')}>
            Forgot your username?
          </button>
        </li>
        <li>
          <button type="button" className="link-button" onClick={() => go('forgot-password')}>
            Forgot your password?
          </button>
        </li>
        <li>
          <button type="button" className="link-button" onClick={() => go('create-account')}>
            Create New Account
          </button>
        </li>
        <li>
          <SettingsButton />
        </li>
      </ul>
      <p className="hint">
        The United States Postal Service is serious about protecting your personal information. For added security,
        please consider changing your password periodically.
      </p>
    </PageLayout>
  );
}
