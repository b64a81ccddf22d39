/**
 * Who is signed in. On boot: first-run setup when no user exists, else `GET /api/auth/me`.
 * Any 401 UNAUTHENTICATED from the API (an expired session) sends the user to login with the
 * current URL in `?next=`, so they land back where they were.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { authApi } from './api/auth';
import { onUnauthenticated } from './api/client';
import type { User } from './api/types';
import { loginUrl, navigate } from './router';

type AuthState =
  | { phase: 'loading' }
  | { phase: 'setup' }
  | { phase: 'anonymous' }
  | { phase: 'signed-in'; user: User }
  | { phase: 'error'; error: Error };

interface AuthContextValue {
  state: AuthState;
  signedIn: (user: User) => void;
  logout: () => Promise<void>;
  retry: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

const here = () => window.location.pathname + window.location.search;

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const status = await authApi.status();
      if (status.setup_required) return { phase: 'setup' } as const;
      try {
        const { user } = await authApi.me();
        return { phase: 'signed-in', user } as const;
      } catch {
        return { phase: 'anonymous' } as const;
      }
    })().then(
      (next) => !cancelled && setState(next),
      (error: unknown) => !cancelled && setState({ phase: 'error', error: error as Error }),
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  useEffect(
    () =>
      onUnauthenticated(() => {
        setState((current) => (current.phase === 'setup' ? current : { phase: 'anonymous' }));
        if (!window.location.pathname.startsWith('/login')) navigate(loginUrl(here()), { replace: true });
      }),
    [],
  );

  const signedIn = useCallback((user: User) => setState({ phase: 'signed-in', user }), []);
  const logout = useCallback(async () => {
    await authApi.logout().catch(() => undefined);
    setState({ phase: 'anonymous' });
    navigate('/login');
  }, []);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return <AuthContext.Provider value={{ state, signedIn, logout, retry }}>{children}</AuthContext.Provider>;
}
