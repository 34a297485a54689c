import { useEffect, useState } from 'react';
import type { SecurityInfo } from '../../src-shared/ipc-contract';
import { bridge } from '../bridge';
import { FormMessages } from '../components/form-messages';

/** Account menu → Security: where passcodes go, and how to change it. */
export function SecurityPanel() {
  const [info, setInfo] = useState<SecurityInfo | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    void bridge()
      .getSecurityInfo()
      .then((r) => (r.ok ? setInfo(r.value) : setError(r.error.message)));
  }, []);
  return (
    <section aria-labelledby="security-title">
      <h2 id="security-title" tabIndex={-1}>
        Security
      </h2>
      <FormMessages error={error} />
      {info ? (
        <dl className="facts">
          <dt>User name</dt>
          <dd>{info.username}</dd>
          <dt>Email</dt>
          <dd>{info.email}</dd>
          <dt>Phone</dt>
          <dd>{info.phone ?? 'No phone number'}</dd>
          <dt>Passcodes are sent by</dt>
          <dd>
            {info.mfaMethod === 'sms'
              ? 'Text message (SMS)'
              : info.mfaMethod === 'email'
                ? 'Email'
                : 'Not enrolled in MFA'}
          </dd>
        </dl>
      ) : null}
      <p className="hint">
        To change your phone or email, log in again and choose Continue on &quot;Modify MFA Options&quot; after the
        passcode.
      </p>
    </section>
  );
}
