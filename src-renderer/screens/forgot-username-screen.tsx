import { useState } from 'react';
import { emailSchema } from '../../src-shared/api-schemas';
import type { AccountHelpAnswer } from '../../src-shared/ipc-contract';
import { bridge } from '../bridge';
import { PageLayout } from '../components/page-layout';
import { useLoginView } from '../store/login-view-store';
import { HelpForm, useAccountHelpCall } from './account-help-form';

/** "Forgot your username?": the user name is emailed to the account's address. */
export function ForgotUsernameScreen() {
  const go = useLoginView((s) => s.go);
  const [email, setEmail] = useState('');
  const call = useAccountHelpCall<AccountHelpAnswer>();

  function submit(): void {
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success) return call.fail(parsed.error.issues[0]?.message ?? 'Enter a valid email address.');
    call.run(
      () => bridge().forgotUsername({ email: parsed.data }),
      (answer) => go('login', answer.message),
    );
  }

  return (
    <PageLayout title="Forgot Your Username?">
      <p>Enter the email address of your account and we will email you your user name.</p>
      <HelpForm onSubmit={submit} submitLabel="Email My Username" busy={call.busy} error={call.error}>
        <label htmlFor="help-email">Email</label>
        <input
          id="help-email"
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
