/**
 * /alerts: one project's alert rules with their state, its notification channels and the history of what fired
 * (docs/alerts-dashboard.md). The project and the tab live in the URL (alerts-urls.ts).
 */
import { useEffect } from 'react';
import { projectsApi } from '../../api/projects';
import type { Project } from '../../api/types';
import { EmptyState, ErrorBanner, Spinner } from '../../components/Feedback';
import { Tabs } from '../../components/Tabs';
import { useAsync } from '../../hooks/useAsync';
import { Link, navigate, useLocation } from '../../router';
import { ChannelsSection } from './ChannelsSection';
import { HistoryList } from './HistoryList';
import { RulesSection } from './RulesSection';
import { ALERT_TABS, alertsUrl, parseAlertsTab } from './alerts-urls';

export function AlertsPage() {
  const { search } = useLocation();
  const slug = search.get('project') ?? '';
  const tab = parseAlertsTab(search);
  const ruleFilter = search.get('rule') ?? undefined;
  const projects = useAsync(() => projectsApi.list(), []);
  const project = projects.data?.find((p) => p.slug === slug);

  useEffect(() => {
    document.title = 'Alerts · DevSmith Logs';
  }, []);
  // No project in the URL: open the first one, so the page is never a blank form.
  useEffect(() => {
    const first = projects.data?.find((p) => p.active) ?? projects.data?.[0];
    if (!slug && first) navigate(alertsUrl(first.slug, tab), { replace: true });
  }, [projects.data, slug, tab]);

  if (projects.error) return <ErrorBanner error={projects.error} onRetry={projects.reload} />;
  if (projects.data?.length === 0) {
    return (
      <EmptyState title="No project yet">
        <Link href="/projects?new=1">Create a project</Link>, send it logs, then tell the alerts when to call you.
      </EmptyState>
    );
  }
  return (
    <div className="page alerts-page">
      <header className="page-head">
        <div>
          <h1>Alerts</h1>
          <p className="muted">Rules evaluated on the server; when one fires, its channels are told once, with the why and a link to the logs.</p>
        </div>
        <ProjectSelect projects={projects.data} value={slug} onChange={(s) => navigate(alertsUrl(s, tab))} />
      </header>
      <Tabs tabs={ALERT_TABS} active={tab} onChange={(t) => navigate(alertsUrl(slug, t))} label="Alerts sections" />
      {!project && (slug && projects.data ? <ErrorBanner error={new Error(`No project "${slug}" that you may see.`)} /> : <Spinner />)}
      {project && tab === 'rules' && <RulesSection key={project.id} project={project} />}
      {project && tab === 'channels' && <ChannelsSection key={project.id} project={project} />}
      {project && tab === 'history' && <HistoryList key={`${project.id}:${ruleFilter ?? ''}`} project={project} ruleId={ruleFilter} />}
    </div>
  );
}

function ProjectSelect({ projects, value, onChange }: { projects: Project[] | undefined; value: string; onChange: (slug: string) => void }) {
  return (
    <label className="sort-label">
      Project
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-label="Project" data-testid="alerts-project">
        {!value && <option value="">Choose a project</option>}
        {(projects ?? []).map((p) => (
          <option key={p.id} value={p.slug}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
