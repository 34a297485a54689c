import { useState, type FormEvent } from 'react';
import { emailSchema } from '../../src-shared/api-schemas';
import { FormMessages } from '../components/form-messages';
import { useAuthStore } from '../store/auth-store';

/** The Email field and Send Email Link (guide B2 change, C6, and the waiting screen's "different address"). */
export function NewEmailForm() {
  const { changeEmail, showError, busy, error, notice } = useAuthStore();
  const [email, setEmail] = useState('');

  function submit(event: FormEvent): void {
    event.preventDefault();
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success) {
      showError(parsed.error.issues[0]?.message ?? 'Enter a valid email address.');
      return;
    }
    void changeEmail(parsed.data);
  }

  return (
    <form onSubmit={submit} noValidate>
      <label htmlFor="new-email">Email</label>
      <input
        id="new-email"
        name="email"
        type="email"
        autoComplete="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        aria-describedby="email-error"
        required
      />
      <div id="email-error">
        <FormMessages error={error} notice={notice} />
      </div>
      <button type="submit" className="primary" disabled={busy}>
        Send Email Link
      </button>
    </form>
  );
}
