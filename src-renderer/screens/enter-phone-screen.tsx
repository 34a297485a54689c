import type { StepOf } from '../../src-shared/steps';
import { BackToLogin } from '../components/back-to-login';
import { PageLayout } from '../components/page-layout';
import { PhoneForm } from './phone-form';

/** Guide B6 and C4: the mobile number passcodes are texted to. */
export function EnterPhoneScreen({ step }: { step: StepOf<'enter-phone'> }) {
  return (
    <PageLayout title="Verify Your Phone Number">
      {step.purpose === 'modify' ? (
        <p>Enter the new 10-digit mobile phone number you want to use and select &quot;Send Passcode.&quot;</p>
      ) : (
        <p>
          Please enter the 10-digit phone number for an SMS-enabled mobile phone* and select &quot;Send Passcode.&quot;
          Each time you log in from a new device, you&apos;ll receive a temporary passcode at this number.
        </p>
      )}
      <PhoneForm />
      <BackToLogin />
    </PageLayout>
  );
}
