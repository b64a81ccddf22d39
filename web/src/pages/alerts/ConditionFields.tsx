/** The inputs of each condition kind; the query kind reuses the explorer's search box (highlighting, suggestions). */
import type { CompletionSources } from '../../query/complete';
import { QueryBar } from '../explorer/QueryBar';
import type { QueryProblem } from '../explorer/QueryHighlight';
import { KINDS, withKind, type RuleForm } from './rule-form';

export interface PickerSources {
  services: string[];
  /** Routes of the perf API, for error rate and latency rules ("GET /orders/:id" as route "/orders/:id"). */
  routes: Array<{ service: string; route: string }>;
  completion: Omit<CompletionSources, 'recent'>;
}

interface Props {
  form: RuleForm;
  set: (patch: Partial<RuleForm>) => void;
  sources: PickerSources;
  queryProblem: QueryProblem | null;
}

export function ConditionFields({ form, set, sources, queryProblem }: Props) {
  return (
    <fieldset className="rule-fieldset">
      <legend>Condition</legend>
      <div className="kind-choice" role="radiogroup" aria-label="Condition kind">
        {KINDS.map((k) => (
          <label key={k.id} className={`kind-option ${form.kind === k.id ? 'active' : ''}`} title={k.hint}>
            <input type="radio" name="kind" value={k.id} checked={form.kind === k.id} onChange={() => set(withKind(form, k.id))} data-testid={`kind-${k.id}`} />
            <span>{k.label}</span>
            <span className="hint">{k.hint}</span>
          </label>
        ))}
      </div>
      {form.kind === 'query' && <QueryFields form={form} set={set} sources={sources} queryProblem={queryProblem} />}
      {form.kind === 'error_group' && <ErrorGroupFields form={form} set={set} sources={sources} />}
      {(form.kind === 'error_rate' || form.kind === 'latency') && <PerfFields form={form} set={set} sources={sources} />}
      {form.kind === 'silence' && (
        <div className="form-row">
          <ServicePicker form={form} set={set} services={sources.services} allLabel="The whole project" />
          <Minutes label="Nothing for (minutes)" value={form.window} onChange={(window) => set({ window })} testId="rule-window" step="1" />
        </div>
      )}
      {form.kind === 'anomaly' && <AnomalyFields form={form} set={set} sources={sources} />}
    </fieldset>
  );
}

function QueryFields({ form, set, sources, queryProblem }: Props) {
  return (
    <>
      <div className="form-field" data-testid="rule-query">
        <span className="field-label">Logs matching</span>
        <QueryBar value={form.query} onRun={(query) => set({ query })} onTextChange={(query) => set({ query })} problem={queryProblem} sources={sources.completion} />
      </div>
      <div className="form-row">
        <label>
          Count
          <select value={form.op} onChange={(e) => set({ op: e.target.value as RuleForm['op'] })} data-testid="rule-op">
            {['>', '>=', '<', '<='].map((op) => (
              <option key={op}>{op}</option>
            ))}
          </select>
        </label>
        <label>
          Threshold
          <input type="number" min={0} value={form.threshold} onChange={(e) => set({ threshold: e.target.value })} data-testid="rule-threshold" />
        </label>
        <Minutes label="In a window of (minutes)" value={form.window} onChange={(window) => set({ window })} testId="rule-window" step="1" />
        <label>
          Group by
          <input list="group-by-options" className="mono" value={form.groupBy} onChange={(e) => set({ groupBy: e.target.value })} placeholder="none" />
          <datalist id="group-by-options">
            <option value="service" />
            <option value="environment" />
            {sources.completion.contextFields.slice(0, 50).map((f) => (
              <option key={f.path} value={`context.${f.path}`} />
            ))}
          </datalist>
          <span className="hint">One alert per group.</span>
        </label>
      </div>
    </>
  );
}

function ErrorGroupFields({ form, set, sources }: Omit<Props, 'queryProblem'>) {
  return (
    <div className="form-row">
      <label>
        When
        <select value={form.event} onChange={(e) => set({ event: e.target.value as RuleForm['event'] })} data-testid="rule-event">
          <option value="new">a new error group appears</option>
          <option value="regression">a resolved group comes back</option>
          <option value="frequency">a group exceeds N events</option>
        </select>
      </label>
      {form.event === 'frequency' && (
        <>
          <label>
            Events (N)
            <input type="number" min={1} value={form.threshold} onChange={(e) => set({ threshold: e.target.value })} />
          </label>
          <Minutes label="In a window of (minutes)" value={form.window} onChange={(window) => set({ window })} step="1" />
        </>
      )}
      <ServicePicker form={form} set={set} services={sources.services} allLabel="All services" />
    </div>
  );
}

function PerfFields({ form, set, sources }: Omit<Props, 'queryProblem'>) {
  const latency = form.kind === 'latency';
  const routes = sources.routes.filter((r) => !form.service || r.service === form.service);
  return (
    <>
      <div className="form-row">
        <ServicePicker form={form} set={(patch) => set({ ...patch, route: '' })} services={sources.services} allLabel="All services" />
        <label>
          Route
          <select value={form.route} onChange={(e) => set({ route: e.target.value })}>
            <option value="">All routes</option>
            {[...new Set(routes.map((r) => r.route))].map((route) => (
              <option key={route} value={route}>
                {route}
              </option>
            ))}
          </select>
        </label>
        {latency && (
          <label>
            Percentile
            <select value={form.percentile} onChange={(e) => set({ percentile: e.target.value as RuleForm['percentile'] })}>
              {['50', '90', '95', '99'].map((p) => (
                <option key={p} value={p}>
                  p{p}
                </option>
              ))}
            </select>
          </label>
        )}
        <Minutes label="Over a window of (minutes)" value={form.window} onChange={(window) => set({ window })} step="1" />
      </div>
      <div className="form-row">
        <label>
          Fires when
          <select value={form.mode} onChange={(e) => set({ mode: e.target.value as RuleForm['mode'] })}>
            <option value="threshold">above a fixed threshold</option>
            <option value="baseline">above its own baseline</option>
          </select>
        </label>
        {form.mode === 'threshold' ? (
          <label>
            {latency ? 'Threshold (ms)' : 'Threshold (% errors)'}
            <input type="number" min={0} max={latency ? undefined : 100} value={form.threshold} onChange={(e) => set({ threshold: e.target.value })} />
          </label>
        ) : (
          <label>
            k (standard deviations)
            <input type="number" min={0.1} max={10} step={0.1} value={form.sigma} onChange={(e) => set({ sigma: e.target.value })} />
            <span className="hint">Baseline: the same window over the previous 24 h, mean + k·σ.</span>
          </label>
        )}
      </div>
    </>
  );
}

function AnomalyFields({ form, set, sources }: Omit<Props, 'queryProblem'>) {
  return (
    <div className="form-row">
      <ServicePicker form={form} set={set} services={sources.services} allLabel="Every service (one alert each)" />
      <label>
        Metric
        <select value={form.metric} onChange={(e) => set({ metric: e.target.value as RuleForm['metric'] })} data-testid="rule-metric">
          <option value="">volume or error rate</option>
          <option value="volume">volume</option>
          <option value="error_rate">error rate</option>
        </select>
      </label>
      <label>
        In the last (minutes)
        <input type="number" min={5} max={1440} step="1" value={form.window} onChange={(e) => set({ window: e.target.value })} data-testid="rule-window" />
        <span className="hint">Fires while the window holds a spike, drop or level shift against the seasonal baseline.</span>
      </label>
    </div>
  );
}

function ServicePicker({ form, set, services, allLabel }: { form: RuleForm; set: (patch: Partial<RuleForm>) => void; services: string[]; allLabel: string }) {
  const known = !form.service || services.includes(form.service) ? services : [form.service, ...services];
  return (
    <label>
      Service
      <select value={form.service} onChange={(e) => set({ service: e.target.value })} data-testid="rule-service">
        <option value="">{allLabel}</option>
        {known.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  );
}

interface MinutesProps {
  label: string;
  value: string;
  onChange: (v: string) => void;
  testId?: string;
  min?: number;
  step?: string;
}

export function Minutes({ label, value, onChange, testId, min = 1, step = 'any' }: MinutesProps) {
  return (
    <label>
      {label}
      <input type="number" min={min} step={step} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  );
}
