/** First-run setup (create the admin) and login: the two pages shown before anyone is signed in. */
import { useState, type FormEvent } from 'react';
import { authApi } from '../api/auth';
import type { User } from '../api/types';
import { useAuth } from '../auth';
import { navigate, safeNext, useLocation } from '../router';

function AuthCard({ title, subtitle, children }: { title: string; subtitle: string; children: React.ReactNode }) {
  return (
    <div className="auth-page">
      <div className="auth-card">
        <div className="brand auth-brand">
          <span className="brand-mark" aria-hidden>
            ▤
          </span>
          <span>DevSmith Logs</span>
        </div>
        <h1>{title}</h1>
        <p className="muted">{subtitle}</p>
        {children}
      </div>
    </div>
  );
}

function useSubmit(run: () => Promise<{ user: User }>, after: () => void) {
  const { signedIn } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    run().then(
      ({ user }) => {
        signedIn(user);
        after();
      },
      (err: Error) => {
        setError(err.message);
        setBusy(false);
      },
    );
  };
  return { busy, error, submit };
}

export function FirstRunPage() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit(
    () => authApi.setup({ name, email, password }),
    () => navigate('/projects?new=1', { replace: true }),
  );
  return (
    <AuthCard title="Welcome" subtitle="Create the administrator account for this instance. You can invite others later.">
      <form className="form" onSubmit={submit}>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" required autoFocus />
        </label>
        <label>
          Email
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" required />
        </label>
        <label>
          Password
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
            minLength={8}
            required
          />
          <span className="hint">At least 8 characters.</span>
        </label>
        {error && <div className="form-error" role="alert">{error}</div>}
        <button className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Creating…' : 'Create admin account'}
        </button>
      </form>
    </AuthCard>
  );
}

export function LoginPage() {
  const { search } = useLocation();
  const next = safeNext(search.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit(
    () => authApi.login({ email, password }),
    () => navigate(next, { replace: true }),
  );
  return (
    <AuthCard title="Sign in" subtitle="Sign in to see your projects and their logs.">
      <form className="form" onSubmit={submit}>
        <label>
          Email
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" required autoFocus />
        </label>
        <label>
          Password
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        </label>
        {error && <div className="form-error" role="alert">{error}</div>}
        <button className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthCard>
  );
}
