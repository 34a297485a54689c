import { useState } from 'react';
import { createAccountRequestSchema, type AccountCreatedResponse } from '../../src-shared/api-schemas';
import { bridge } from '../bridge';
import { PageLayout } from '../components/page-layout';
import { useLoginView } from '../store/login-view-store';
import { HelpForm, useAccountHelpCall } from './account-help-form';

/** "Create New Account": user name, password and email; a verification link is mailed. */
export function CreateAccountScreen() {
  const go = useLoginView((s) => s.go);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [email, setEmail] = useState('');
  const call = useAccountHelpCall<AccountCreatedResponse>();

  function submit(): void {
    const parsed = createAccountRequestSchema.safeParse({ username, password, email });
    if (!parsed.success) return call.fail(parsed.error.issues[0]?.message ?? 'Check the form.');
    call.run(
      () => bridge().createAccount(parsed.data),
      (created) =>
        go(
          'login',
          `Your account ${created.username} was created. We sent a verification link to ${created.verificationSentTo}. You can log in now.`,
        ),
    );
  }

  return (
    <PageLayout title="Create New Account">
      <p>Usernames and Passwords are case sensitive. A password needs at least 12 characters.</p>
      <HelpForm onSubmit={submit} submitLabel="Create Account" busy={call.busy} error={call.error}>
        <label htmlFor="new-username">User Name</label>
        <input
          id="new-username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <label htmlFor="new-password">Password</label>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <label htmlFor="new-account-email">Email</label>
        <input
          id="new-account-email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
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
