import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from '../router';
import { useAuth } from '../auth';
import { useTheme } from '../hooks/useTheme';

const NAV = [
  { href: '/', label: 'Overview', icon: '◧', match: (p: string) => p === '/' },
  { href: '/explore', label: 'Explore', icon: '≡', match: (p: string) => p.startsWith('/explore') },
  { href: '/errors', label: 'Errors', icon: '⚠', match: (p: string) => p.startsWith('/errors') },
  { href: '/performance', label: 'Performance', icon: '◔', match: (p: string) => p.startsWith('/performance') },
  { href: '/alerts', label: 'Alerts', icon: '⚑', match: (p: string) => p.startsWith('/alerts') },
  { href: '/insights', label: 'Insights', icon: '✦', match: (p: string) => p.startsWith('/insights') },
  { href: '/projects', label: 'Projects', icon: '▦', match: (p: string) => p.startsWith('/projects') },
];

/**
 * The signed-in frame: a narrow sidebar with navigation, theme toggle and the user. On a phone
 * (styles/layout.css) the sidebar becomes a drawer behind a menu button in a top bar, so the page
 * keeps the whole width.
 */
export function Layout({ children }: { children: ReactNode }) {
  const { path } = useLocation();
  const { state, logout } = useAuth();
  const [theme, toggleTheme] = useTheme();
  const [navOpen, setNavOpen] = useState(false);
  const user = state.phase === 'signed-in' ? state.user : null;

  // Following a link closes the drawer; so does Escape.
  useEffect(() => setNavOpen(false), [path]);
  useEffect(() => {
    if (!navOpen) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setNavOpen(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navOpen]);

  return (
    <div className={`shell ${navOpen ? 'nav-open' : ''}`}>
      <header className="topbar">
        <button
          type="button"
          className="icon-btn menu-btn"
          aria-label={navOpen ? 'Close menu' : 'Open menu'}
          aria-expanded={navOpen}
          aria-controls="main-nav"
          onClick={() => setNavOpen((open) => !open)}
          data-testid="menu-toggle"
        >
          ☰
        </button>
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden>
            ▤
          </span>
          <span>DevSmith Logs</span>
        </Link>
      </header>
      {navOpen && <div className="nav-backdrop" onClick={() => setNavOpen(false)} aria-hidden />}
      <nav className="sidebar" id="main-nav" aria-label="Main">
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
