/**
 * /alerts/rule?project=shop[&id=12]: create or edit one rule, with the live preview beside the form. Service and
 * route pickers read the performance API; the query box is the explorer's.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { alertsApi, type Channel, type Rule } from '../../api/alerts';
import { logsApi } from '../../api/logs';
import { perfApi } from '../../api/perf';
import { projectsApi } from '../../api/projects';
import type { Project } from '../../api/types';
import { ErrorBanner, Spinner } from '../../components/Feedback';
import { useAsync } from '../../hooks/useAsync';
import { Link, navigate, useLocation } from '../../router';
import { queryProblemOf } from '../explorer/query-problem';
import { ConditionFields, Minutes, type PickerSources } from './ConditionFields';
import { RulePreview } from './RulePreview';
import { alertsUrl } from './alerts-urls';
import { FormProblem, emptyRuleForm, ruleFormOf, ruleInputOf, type RuleForm } from './rule-form';

export function RuleEditorPage() {
  const { search } = useLocation();
  const slug = search.get('project') ?? '';
  const id = search.get('id') ?? undefined;
  const projects = useAsync(() => projectsApi.list(), []);
  const rule = useAsync((signal) => (id ? alertsApi.rule(id, { signal }) : Promise.resolve(undefined)), [id]);
  const project = projects.data?.find((p) => p.slug === slug);

  useEffect(() => {
    document.title = `${id ? 'Edit' : 'New'} alert rule · DevSmith Logs`;
  }, [id]);

  const error = projects.error ?? rule.error;
  if (error) return <ErrorBanner error={error} onRetry={() => (projects.reload(), rule.reload())} />;
  if (projects.data && !project) return <ErrorBanner error={new Error(`No project "${slug}" that you may see.`)} />;
  if (!project || rule.loading) return <Spinner />;
  return <RuleEditor key={id ?? 'new'} project={project} rule={rule.data} />;
}

function usePickerSources(project: Project): PickerSources {
  const services = useAsync((signal) => logsApi.services(project.slug, signal).catch(() => []), [project.slug]);
  const routes = useAsync((signal) => perfApi.routes({ project: project.slug, limit: 200 }, { signal }).catch(() => ({ data: [] })), [project.slug]);
  const fields = useAsync((signal) => logsApi.fields({ projects: [project.slug] }, signal).catch(() => []), [project.slug]);
  return useMemo(() => {
    const names = (services.data ?? []).map((s) => s.service);
    return {
      services: names,
      routes: (routes.data?.data ?? []).map((r) => ({ service: r.service, route: r.route })),
      completion: { services: names, projects: [project.slug], contextFields: (fields.data ?? []).map((f) => ({ path: f.path.replace(/^ctx\./, '') })) },
    };
  }, [services.data, routes.data, fields.data, project.slug]);
}

function RuleEditor({ project, rule }: { project: Project; rule: Rule | undefined }) {
  const [form, setForm] = useState<RuleForm>(() => (rule ? ruleFormOf(rule) : emptyRuleForm()));
  const [saveError, setSaveError] = useState<Error>();
  const [previewError, setPreviewError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const channels = useAsync((signal) => alertsApi.channels(project.id, { signal }), [project.id]);
  const sources = usePickerSources(project);
  const set = (patch: Partial<RuleForm>) => setForm((f) => ({ ...f, ...patch }));

  // What the preview evaluates; a form that cannot make a rule yet says why instead.
  const [input, problem] = useMemo(() => {
    try {
      return [ruleInputOf(form, project.id, true), null] as const;
    } catch (err) {
      return [null, err instanceof FormProblem ? err : null] as const;
    }
  }, [form, project.id]);
  const queryProblem = queryProblemOf(saveError, previewError);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaveError(undefined);
    let body;
    try {
      body = ruleInputOf(form, project.id);
    } catch (err) {
      setSaveError(err as Error);
      return;
    }
    setBusy(true);
    const saved = rule ? alertsApi.updateRule(rule.id, body) : alertsApi.createRule(body);
    saved.then(
      () => navigate(alertsUrl(project.slug)),
      (err: Error) => (setSaveError(err), setBusy(false)),
    );
  };

  return (
    <div className="page rule-editor">
      <header className="page-head">
        <div>
          <h1>{rule ? `Edit “${rule.name}”` : 'New alert rule'}</h1>
          <p className="muted">
            {project.name} · <Link href={alertsUrl(project.slug)}>back to the rules</Link>
          </p>
        </div>
      </header>
      <div className="rule-editor-grid">
        <form className="form rule-form" onSubmit={submit} data-testid="rule-form">
          <div className="form-row">
            <label className="grow">
              Name
              <input value={form.name} onChange={(e) => set({ name: e.target.value })} placeholder="API errors spike" maxLength={200} data-testid="rule-name" />
            </label>
            <label>
              Severity
              <select value={form.severity} onChange={(e) => set({ severity: e.target.value as RuleForm['severity'] })} data-testid="rule-severity">
                <option value="info">info</option>
                <option value="warning">warning</option>
                <option value="critical">critical</option>
              </select>
            </label>
          </div>
          <ConditionFields form={form} set={set} sources={sources} queryProblem={queryProblem} />
          <fieldset className="rule-fieldset">
            <legend>Timing</legend>
            <div className="form-row">
              <Minutes label="Evaluate every (minutes)" value={form.interval} onChange={(interval) => set({ interval })} />
              <Minutes label="Fire after true for (minutes)" value={form.forDuration} onChange={(forDuration) => set({ forDuration })} min={0} />
              <Minutes label="Remind every (minutes, 0 = never)" value={form.reminder} onChange={(reminder) => set({ reminder })} min={0} />
            </div>
          </fieldset>
          <ChannelPicker channels={channels.data} selected={form.channelIds} onChange={(channelIds) => set({ channelIds })} projectSlug={project.slug} />
          {problem && <div className="form-error" role="alert" data-testid="rule-problem">{problem.message}</div>}
          {saveError && !(saveError instanceof FormProblem && problem) && <ErrorBanner error={saveError} />}
          <div className="form-actions">
            <Link href={alertsUrl(project.slug)} className="btn">
              Cancel
            </Link>
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="rule-save">
              {rule ? 'Save rule' : 'Create rule'}
            </button>
          </div>
        </form>
        <RulePreview input={input} onError={setPreviewError} />
      </div>
    </div>
  );
}

interface ChannelPickerProps {
  channels: Channel[] | undefined;
  selected: string[];
  onChange: (ids: string[]) => void;
  projectSlug: string;
}

function ChannelPicker({ channels, selected, onChange, projectSlug }: ChannelPickerProps) {
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((s) => s !== id));
  return (
    <fieldset className="rule-fieldset" data-testid="rule-channels">
      <legend>Channels</legend>
      {!channels && <Spinner />}
      {channels?.length === 0 && (
        <p className="muted small">
          No channel yet: the rule will change state without telling anyone. <Link href={alertsUrl(projectSlug, 'channels')}>Add a channel</Link>.
        </p>
      )}
      <div className="channel-checks">
        {channels?.map((c) => (
          <label key={c.id} className="check">
            <input type="checkbox" checked={selected.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} data-channel={c.name} />
            {c.name} <span className="muted small">{c.type}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
