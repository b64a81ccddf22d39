/** Plans (admins only): each plan's daily quota and rate limit, with create and edit (docs/plans.md). */
import { useState } from 'react';
import { plansApi, type Plan } from '../../api/plans';
import { ErrorBanner, Spinner } from '../../components/Feedback';
import { useAsync } from '../../hooks/useAsync';
import { formatLimit, formatRate } from './plan-form';
import { PlanFormDialog } from './PlanFormDialog';

export function PlansSection({ onChanged }: { onChanged: () => void }) {
  const plans = useAsync((signal) => plansApi.list(signal), []);
  const [editing, setEditing] = useState<{ plan?: Plan } | null>(null);

  return (
    <section className="plans-section" aria-labelledby="plans-title" data-testid="plans-section">
      <div className="section-bar">
        <h2 className="section-title" id="plans-title">
          Plans
        </h2>
        <span className="muted">Daily log quota and rate limit; assign one to a project in its settings.</span>
        <button className="btn plans-new" onClick={() => setEditing({})}>
          + New plan
        </button>
      </div>
      {plans.error && <ErrorBanner error={plans.error} onRetry={plans.reload} />}
      {plans.loading && !plans.data && <Spinner />}
      {plans.data && (
        <div className="table-wrap">
          <table className="table" data-testid="plans-table">
            <thead>
              <tr>
                <th>Plan</th>
                <th>Slug</th>
                <th className="num">Daily quota</th>
                <th className="num">Rate limit</th>
                <th className="actions-col" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {plans.data.map((plan) => (
                <tr key={plan.id} data-testid={`plan-row-${plan.slug}`}>
                  <td>
                    {plan.name}
                    {plan.default && (
                      <span className="pill plan-default" title="Projects without a plan follow it (DEVSMITH_DEFAULT_PLAN)">
                        default
                      </span>
                    )}
                  </td>
                  <td className="mono">{plan.slug}</td>
                  <td className="num" data-testid="plan-quota">
                    {formatLimit(plan.daily_quota, 'logs')}
                  </td>
                  <td className="num" data-testid="plan-rate">
                    {formatRate(plan.rate_limit_per_minute)}
                  </td>
                  <td className="actions">
                    <button className="btn btn-small btn-ghost" onClick={() => setEditing({ plan })} aria-label={`Edit plan ${plan.name}`}>
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing && (
        <PlanFormDialog
          plan={editing.plan}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            plans.reload();
            onChanged();
          }}
        />
      )}
    </section>
  );
}
