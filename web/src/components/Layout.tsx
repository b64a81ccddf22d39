import type { ReactNode } from 'react';
import { Link, useLocation } from '../router';
import { useAuth } from '../auth';
import { useTheme } from '../hooks/useTheme';

const NAV = [
  { href: '/', label: 'Overview', icon: '◧', match: (p: string) => p === '/' },
  { href: '/explore', label: 'Explore', icon: '≡', match: (p: string) => p.startsWith('/explore') },
  { href: '/projects', label: 'Projects', icon: '▦', match: (p: string) => p.startsWith('/projects') },
];

/** The signed-in frame: a narrow sidebar with navigation, theme toggle and the user. */
export function Layout({ children }: { children: ReactNode }) {
  const { path } = useLocation();
  const { state, logout } = useAuth();
  const [theme, toggleTheme] = useTheme();
  const user = state.phase === 'signed-in' ? state.user : null;
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden>
            ▤
          </span>
          <span>DevSmith Logs</span>
        </Link>
        <div className="nav-links">
          {NAV.map((item) => (
            <Link key={item.href} href={item.href} className={`nav-link ${item.match(path) ? 'active' : ''}`}>
              <span className="nav-icon" aria-hidden>
                {item.icon}
              </span>
              {item.label}
            </Link>
          ))}
        </div>
        <div className="sidebar-foot">
          <button type="button" className="nav-link" onClick={toggleTheme} data-testid="theme-toggle">
            <span className="nav-icon" aria-hidden>
              {theme === 'dark' ? '☾' : '☀'}
            </span>
            {theme === 'dark' ? 'Dark theme' : 'Light theme'}
          </button>
          {user && (
            <div className="user">
              <div className="user-avatar" aria-hidden>
                {(user.name || user.email).slice(0, 1).toUpperCase()}
              </div>
              <div className="user-text">
                <div className="user-name">{user.name || user.email}</div>
                <div className="user-email">{user.email}</div>
              </div>
            </div>
          )}
          <button type="button" className="nav-link" onClick={() => void logout()}>
            <span className="nav-icon" aria-hidden>
              ⇥
            </span>
            Sign out
          </button>
        </div>
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}
