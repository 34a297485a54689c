import { useState, type FormEvent } from 'react';
import { FormMessages } from '../components/form-messages';
import { PageLayout } from '../components/page-layout';
import { SettingsButton } from '../settings/settings-dialog';
import { useSettingsStore } from '../settings/settings-store';
import { useAuthStore } from '../store/auth-store';
import { useLoginView } from '../store/login-view-store';
import { CreateAccountScreen } from './create-account-screen';
import { ForgotPasswordScreen, ResetPasswordScreen } from './forgot-password-screen';
import { ForgotUsernameScreen } from './forgot-username-screen';

/** Guide step A, and the pages its links open (forgot username/password, create account). */
export function LoginScreen() {
  const view = useLoginView((s) => s.view);
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
