/** The project's plan in its settings (admins only, as the API allows): a plan, or the server's default plan. */
import { plansApi } from '../../api/plans';
import { useAsync } from '../../hooks/useAsync';
import { FieldError } from './FieldError';
import { planSummary } from './plan-form';

interface PlanSelectProps {
  /** A plan id, or '' for the server's default plan. */
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

export function PlanSelect({ value, onChange, error }: PlanSelectProps) {
  const plans = useAsync((signal) => plansApi.list(signal), []);
  const fallback = plans.data?.find((p) => p.default);
  return (
    <label>
      Plan
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={error ? 'project-plan-error' : 'project-plan-hint'} disabled={!plans.data}>
        <option value="">{fallback ? `Server default (${planSummary(fallback)})` : 'Server default'}</option>
        {plans.data?.map((p) => (
          <option key={p.id} value={String(p.id)}>
            {planSummary(p)}
          </option>
        ))}
        {/* Keeps the saved value selectable while the plans load, so the select does not show another plan meanwhile. */}
        {!plans.data && value !== '' && <option value={value}>…</option>}
      </select>
      <span className="hint" id="project-plan-hint">
        The daily log quota and rate limit this project draws from (Plans, below the projects).
      </span>
      {plans.error && <FieldError id="project-plans-load-error" message={`Plans could not be loaded: ${plans.error.message}`} />}
      <FieldError id="project-plan-error" message={error} />
    </label>
  );
}
