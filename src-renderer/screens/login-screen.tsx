import { useState, type FormEvent } from 'react';
import { FormMessages } from '../components/form-messages';
import { PageLayout } from '../components/page-layout';
import { useAuthStore } from '../store/auth-store';

/** Guide step A: Sign in with user name and password. */
export function LoginScreen() {
  const { logIn, busy, error, notice } = useAuthStore();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  function submit(event: FormEvent): void {
    event.preventDefault();
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
        <FormMessages error={error} notice={notice} />
        <button type="submit" className="primary" disabled={busy}>
          Log In
        </button>
      </form>
    </PageLayout>
  );
}
