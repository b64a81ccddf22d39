/** Create (no `plan`) or edit a plan: name, slug, daily quota and rate limit; API problems shown by their field. */
import { useState, type FormEvent } from 'react';
import { plansApi, type Plan } from '../../api/plans';
import { Dialog } from '../../components/Dialog';
import { FieldError } from './FieldError';
import { FieldProblem, PLAN_API_FIELDS, emptyPlanForm, fieldOfProblem, planFormOf, planInputOf, planPatchOf, type PlanField, type PlanForm } from './plan-form';

interface PlanFormDialogProps {
  plan?: Plan;
  onSaved: (plan: Plan) => void;
  onClose: () => void;
}

export function PlanFormDialog({ plan, onSaved, onClose }: PlanFormDialogProps) {
  const [form, setForm] = useState<PlanForm>(() => (plan ? planFormOf(plan) : emptyPlanForm()));
  const [problem, setProblem] = useState<{ field: PlanField | null; message: string }>();
  const [busy, setBusy] = useState(false);
  const set = (field: PlanField) => (e: { target: { value: string } }) => setForm({ ...form, [field]: e.target.value });
  const errorOf = (field: PlanField) => (problem?.field === field ? problem.message : undefined);
  const described = (field: PlanField) => (problem?.field === field ? `plan-${field}-error` : undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    let save: Promise<Plan>;
    try {
      save = plan ? plansApi.update(plan.id, planPatchOf(plan, form)) : plansApi.create(planInputOf(form));
    } catch (err) {
      if (err instanceof FieldProblem) return setProblem({ field: err.field as PlanField, message: err.message });
      throw err;
    }
    setBusy(true);
    save.then(onSaved, (err: Error) => {
      setProblem({ field: fieldOfProblem(err.message, PLAN_API_FIELDS), message: err.message });
      setBusy(false);
    });
  };

  return (
    <Dialog
      title={plan ? `Edit plan ${plan.name}` : 'New plan'}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="plan-form" className="btn btn-primary" disabled={busy}>
            {plan ? 'Save plan' : 'Create plan'}
          </button>
        </>
      }
    >
      <form id="plan-form" className="form" onSubmit={submit} noValidate>
        <label>
          Plan name
          <input value={form.name} onChange={set('name')} placeholder="Team" maxLength={100} aria-describedby={described('name')} />
          <FieldError id="plan-name-error" message={errorOf('name')} />
        </label>
        <label>
          Plan slug
          <input value={form.slug} onChange={set('slug')} placeholder="team" className="mono" aria-describedby={described('slug')} />
          <span className="hint">Lowercase letters, digits and dashes; the setting DEVSMITH_DEFAULT_PLAN refers to a plan by it.</span>
          <FieldError id="plan-slug-error" message={errorOf('slug')} />
        </label>
        <label>
          Daily quota (logs)
          <input inputMode="numeric" value={form.dailyQuota} onChange={set('dailyQuota')} placeholder="unlimited" aria-describedby={described('dailyQuota')} />
          <span className="hint">Logs accepted per UTC day; over it, ingest answers 429 until midnight UTC. Empty: unlimited.</span>
          <FieldError id="plan-dailyQuota-error" message={errorOf('dailyQuota')} />
        </label>
        <label>
          Rate limit (requests per minute)
          <input inputMode="numeric" value={form.rateLimit} onChange={set('rateLimit')} placeholder="server default" aria-describedby={described('rateLimit')} />
          <span className="hint">A project&apos;s own rate limit, when set, comes first. Empty: the server default.</span>
          <FieldError id="plan-rateLimit-error" message={errorOf('rateLimit')} />
        </label>
        {problem && problem.field === null && (
          <div className="form-error" role="alert">
            {problem.message}
          </div>
        )}
      </form>
    </Dialog>
  );
}
