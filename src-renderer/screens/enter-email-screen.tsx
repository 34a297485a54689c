import type { StepOf } from '../../src-shared/steps';
import { BackToLogin } from '../components/back-to-login';
import { PageLayout } from '../components/page-layout';
import { NewEmailForm } from './new-email-form';

/** Guide C6 (and enrollment with a new address): the new email, then Send Email Link. */
export function EnterEmailScreen({ step }: { step: StepOf<'enter-email'> }) {
  return (
    <PageLayout title="Verify Your Email">
      <p>
        {step.purpose === 'modify'
          ? 'Enter the new email address you would like use for account recovery and MFA.'
          : 'Enter the email address you would like to use for account recovery and MFA.'}{' '}
        Email verification is required every time you update your email.
      </p>
      <NewEmailForm />
      <BackToLogin />
    </PageLayout>
  );
}
