import { useEffect } from 'react';
import { AuthProvider, useAuth } from './auth';
import { Layout } from './components/Layout';
import { EmptyState, ErrorBanner, Spinner } from './components/Feedback';
import { ErrorBoundary } from './components/ErrorBoundary';
import { AlertsPage } from './pages/alerts/AlertsPage';
import { RuleEditorPage } from './pages/alerts/RuleEditorPage';
import { FirstRunPage, LoginPage } from './pages/AuthPages';
import { ErrorGroupPage } from './pages/errors/ErrorGroupPage';
import { ErrorsPage } from './pages/errors/ErrorsPage';
import { ExplorerPage } from './pages/explorer/ExplorerPage';
import { LogPermalinkPage } from './pages/explorer/LogPermalinkPage';
import { HealthPage } from './pages/health/HealthPage';
import { InsightsPage } from './pages/insights/InsightsPage';
import { PerformancePage } from './pages/performance/PerformancePage';
import { RouteDetailPage } from './pages/performance/RouteDetailPage';
import { ProjectsPage } from './pages/projects/ProjectsPage';
import { ProjectSetupPage } from './pages/setup/ProjectSetupPage';
import { Link, loginUrl, matchPath, navigate, useLocation } from './router';

function SignedInRoutes() {
  const { path } = useLocation();
  if (path === '/') return <HealthPage />;
  if (path === '/explore') return <ExplorerPage />;
  const logLink = matchPath('/explore/log/:id', path);
  if (logLink) return <LogPermalinkPage id={logLink.id} />;
  if (path === '/errors') return <ErrorsPage />;
  const group = matchPath('/errors/:id', path);
  if (group) return <ErrorGroupPage key={group.id} id={group.id} />;
  if (path === '/performance') return <PerformancePage />;
  if (path === '/performance/route') return <RouteDetailPage />;
  if (path === '/alerts') return <AlertsPage />;
  if (path === '/alerts/rule') return <RuleEditorPage />;
  if (path === '/insights') return <InsightsPage />;
  if (path === '/projects') return <ProjectsPage />;
  const setup = matchPath('/projects/:slug/setup', path);
  if (setup) return <ProjectSetupPage slug={setup.slug} />;
  return (
    <EmptyState title="Page not found">
      <Link href="/">Back to the overview</Link>
    </EmptyState>
  );
}

function Gate() {
  const { state, retry } = useAuth();
  const { path, href } = useLocation();

  // Keep the URL honest: signed-out users sit on /login (remembering where they were going).
  useEffect(() => {
    if (state.phase === 'anonymous' && path !== '/login') navigate(loginUrl(href), { replace: true });
    if (state.phase === 'signed-in' && path === '/login') navigate('/', { replace: true });
  }, [state.phase, path, href]);

  switch (state.phase) {
    case 'loading':
      return (
        <div className="center-screen">
          <Spinner />
        </div>
      );
    case 'error':
      return (
        <div className="center-screen">
          <ErrorBanner error={state.error} onRetry={retry} />
        </div>
      );
    case 'setup':
      return <FirstRunPage />;
    case 'anonymous':
      return <LoginPage />;
    case 'signed-in':
      return (
        <Layout>
          <ErrorBoundary resetKey={path}>
            <SignedInRoutes />
          </ErrorBoundary>
        </Layout>
      );
  }
}

export function App() {
  return (
    <ErrorBoundary>
      <AuthProvider>
        <Gate />
      </AuthProvider>
    </ErrorBoundary>
  );
}
