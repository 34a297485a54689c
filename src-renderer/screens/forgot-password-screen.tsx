import { useState } from 'react';
import { linkTokenSchema, newPasswordSchema } from '../../src-shared/api-schemas';
import type { AccountHelpAnswer } from '../../src-shared/ipc-contract';
import { usernameSchema } from '../../src-shared/validation';
import { bridge } from '../bridge';
import { PageLayout } from '../components/page-layout';
import { useLoginView } from '../store/login-view-store';
import { HelpForm, useAccountHelpCall } from './account-help-form';

/** "Forgot your password?": a reset link is emailed; its code is entered on the next page. */
export function ForgotPasswordScreen() {
  const go = useLoginView((s) => s.go);
  const [username, setUsername] = useState('');
  const call = useAccountHelpCall<AccountHelpAnswer>();

  function submit(): void {
    const parsed = usernameSchema.safeParse(username);
    if (!parsed.success) return call.fail(parsed.error.issues[0]?.message ?? 'Enter your user name.');
    call.run(
      () => bridge().forgotPassword({ username: parsed.data }),
      (answer) => go('reset-password', answer.message),
    );
  }

  return (
    <PageLayout title="Forgot Your Password?">
      <p>
        Enter your user name (case sensitive) and we will email a password reset link to your account&apos;s address.
      </p>
      <HelpForm onSubmit={submit} submitLabel="Send Reset Link" busy={call.busy} error={call.error}>
        <label htmlFor="help-username">User Name</label>
        <input
          id="help-username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
      </HelpForm>
      <p>
        <button type="button" className="link-button" onClick={() => go('reset-password')}>
          I already have a reset code
        </button>{' '}
        <button type="button" className="link-button" onClick={() => go('login')}>
          Back to Log In
        </button>
      </p>
    </PageLayout>
  );
}

/** The reset code from the email (the link's last part) and a new password. */
export function ResetPasswordScreen() {
  const { go, message } = useLoginView();
  const [token, setToken] = useState('');
  const [password, setPassword] = useState('');
  const call = useAccountHelpCall<AccountHelpAnswer>();

  function submit(): void {
    const code = token.trim().split('/').pop() ?? '';
    const parsedToken = linkTokenSchema.safeParse(code);
    if (!parsedToken.success) return call.fail('Paste the reset code or the whole link from the email.');
    const parsedPassword = newPasswordSchema.safeParse(password);
    if (!parsedPassword.success) return call.fail(parsedPassword.error.issues[0]?.message ?? 'Enter a password.');
    call.run(
      () => bridge().resetPassword({ token: parsedToken.data, password: parsedPassword.data }),
      (answer) => go('login', answer.message),
    );
  }

  return (
    <PageLayout title="Reset Your Password">
      {message ? (
        <p role="status" className="notice">
          {message}
        </p>
      ) : null}
      <p>Paste the reset link or code from the email, and choose a new password of at least 12 characters.</p>
      <HelpForm onSubmit={submit} submitLabel="Change Password" busy={call.busy} error={call.error}>
        <label htmlFor="reset-token">Reset link or code</label>
        <input id="reset-token" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
        <label htmlFor="reset-password">New Password</label>
        <input
          id="reset-password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </HelpForm>
      <p>
        <button type="button" className="link-button" onClick={() => go('login')}>
          Back to Log In
        </button>
      </p>
    </PageLayout>
  );
}
