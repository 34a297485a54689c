import { useState, type FormEvent } from 'react';
import { normalizeUsPhone } from '../../src-shared/phone';
import { FormMessages } from '../components/form-messages';
import { useAuthStore } from '../store/auth-store';

/** The Phone Number field and Send Passcode (guide B6, C4, and C5's "different number"). */
export function PhoneForm() {
  const { submitPhone, showError, busy, error, notice } = useAuthStore();
  const [phone, setPhone] = useState('');

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!normalizeUsPhone(phone)) {
      showError('Enter a 10-digit US mobile phone number, such as (202) 555-0123.');
      return;
    }
    void submitPhone(phone);
  }

  return (
    <form onSubmit={submit} noValidate>
      <label htmlFor="phone">Phone Number</label>
      <input
        id="phone"
        name="phone"
        type="tel"
        inputMode="tel"
        autoComplete="tel-national"
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
        aria-describedby="phone-rates"
        required
      />
      <p id="phone-rates" className="hint">
        *Standard message and data rates may apply.
      </p>
      <FormMessages error={error} notice={notice} />
      <button type="submit" className="primary" disabled={busy}>
        Send Passcode
      </button>
    </form>
  );
}
