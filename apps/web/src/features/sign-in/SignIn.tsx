import { useState } from 'preact/hooks';
import { signIn } from '../../api/session.ts';
import type { Session } from '../../api/types.ts';
import { ThemePicker } from '../../app/ThemePicker.tsx';

/** The password sign-in form; on success the server has set the session cookie. */
export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    signIn(email.trim(), password).then(onSignedIn, (err: Error) => {
      setBusy(false);
      setError(err.message);
    });
  };
  return (
    <main id="main" class="sign-in">
      <form class="sign-in-form" onSubmit={submit} aria-describedby={error !== '' ? 'sign-in-error' : undefined}>
        <h1>Sign in to Saba</h1>
        <label>
          <span>Email</span>
          <input
            type="email"
            name="email"
            autocomplete="username"
            required
            autofocus
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </label>
        <label>
          <span>Password</span>
          <input
            type="password"
            name="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        {error !== '' && (
          <p id="sign-in-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <footer class="sign-in-footer">
        <ThemePicker />
      </footer>
    </main>
  );
}
