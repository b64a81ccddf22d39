import { useState, type FormEvent } from 'react';
import type { ProjectInput } from '../../api/projects';
import type { Project } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { FieldProblem, fieldOfProblem } from './plan-form';
import { PlanSelect } from './PlanSelect';
import { RetentionField } from './RetentionField';
import { SamplingFields } from './SamplingFields';
import { sameSampling, samplingFormOf, samplingRatesOf } from './sampling-form';

interface ProjectFormDialogProps {
  project?: Project;
  /** Only admins assign plans (the API refuses others). */
  isAdmin?: boolean;
  onSubmit: (input: ProjectInput) => Promise<void>;
  onClose: () => void;
}

/** Fields whose API problems are shown under them; any other problem is shown for the whole form. */
const FIELD_OF_API = { plan: 'plan_id', sampling: 'sampling' } as const;
type ProblemField = keyof typeof FIELD_OF_API;

/**
 * Create (no `project`) or edit a project's name, slug, description and repository URL (and, when editing,
 * retention, Apdex T, AI, sampling and, for admins, the plan).
 */
export function ProjectFormDialog({ project, isAdmin = false, onSubmit, onClose }: ProjectFormDialogProps) {
  const [name, setName] = useState(project?.name ?? '');
  const [slug, setSlug] = useState(project?.slug ?? '');
  const [description, setDescription] = useState(project?.description ?? '');
  const [repositoryUrl, setRepositoryUrl] = useState(project?.repository_url ?? '');
  const [retention, setRetention] = useState(project?.retention_days?.toString() ?? '');
  const initialApdex = project?.apdex_threshold_ms?.toString() ?? '';
  const [apdex, setApdex] = useState(initialApdex);
  const initialExternal = project?.ai_external_allowed ?? false;
  const [aiExternal, setAiExternal] = useState(initialExternal);
  const initialPlan = project?.plan_id?.toString() ?? '';
  const [planId, setPlanId] = useState(initialPlan);
  const [sampling, setSampling] = useState(() => samplingFormOf(project?.sampling));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: ProblemField | null; message: string }>();
  const errorOf = (field: ProblemField) => (error?.field === field ? error.message : undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    const input: ProjectInput = {
      name: name.trim(),
      description: description.trim(),
      repository_url: repositoryUrl.trim() || null,
    };
    if (slug.trim()) input.slug = slug.trim();
    if (project || retention.trim()) input.retention_days = retention.trim() ? Number(retention) : null;
    // Sent only when edited: saving other fields keeps the default a default.
    if (project && apdex.trim() !== initialApdex) input.apdex_threshold_ms = apdex.trim() ? Number(apdex) : null;
    if (project && aiExternal !== initialExternal) input.ai_external_allowed = aiExternal;
    if (project && isAdmin && planId !== initialPlan) input.plan_id = planId === '' ? null : Number(planId);
    if (project) {
      try {
        const rates = samplingRatesOf(sampling);
        if (!sameSampling(rates, project.sampling)) input.sampling = rates;
      } catch (err) {
        if (err instanceof FieldProblem) return setError({ field: 'sampling', message: err.message });
        throw err;
      }
    }
    setBusy(true);
    onSubmit(input).catch((err: Error) => {
      setError({ field: project ? fieldOfProblem(err.message, FIELD_OF_API) : null, message: err.message });
      setBusy(false);
    });
  };

  return (
    <Dialog
      title={project ? `Edit ${project.name}` : 'New project'}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="project-form" className="btn btn-primary" disabled={busy || !name.trim()}>
            {project ? 'Save changes' : 'Create project'}
          </button>
        </>
      }
    >
      <form id="project-form" className="form" onSubmit={submit}>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Checkout API" required maxLength={100} />
        </label>
        <label>
          Slug
          <input
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
            placeholder={project ? '' : 'derived from the name'}
            pattern="[a-z0-9][a-z0-9-]*"
            className="mono"
          />
          <span className="hint">Lowercase letters, digits and dashes. Apps send it as project_slug.</span>
        </label>
        <label>
          Description
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
        </label>
        <label>
          Repository URL
          <input
            type="url"
            value={repositoryUrl}
            onChange={(e) => setRepositoryUrl(e.target.value)}
            placeholder="https://github.com/acme/checkout"
          />
        </label>
        {project && <RetentionField projectId={project.id} value={retention} onChange={setRetention} />}
        {project && (
          <label>
            Apdex threshold (ms)
            <input type="number" min={1} max={600000} step={1} value={apdex} onChange={(e) => setApdex(e.target.value)} placeholder="500" />
            <span className="hint">Requests up to T count as satisfied, up to 4T as tolerating (Performance page). Empty: 500 ms.</span>
          </label>
        )}
        {project && isAdmin && <PlanSelect value={planId} onChange={setPlanId} error={errorOf('plan')} />}
        {project && <SamplingFields value={sampling} onChange={setSampling} error={errorOf('sampling')} />}
        {project && project.ai_external_allowed !== undefined && (
          <label className="check-row">
            <span>
              <input type="checkbox" checked={aiExternal} onChange={(e) => setAiExternal(e.target.checked)} data-testid="ai-external" /> Allow AI
              analysis by an external model
            </span>
            <span className="hint">
              Off: only a model on this server reads this project's logs (Insights). On: an OpenAI-compatible provider set up by the admin may
              receive scrubbed excerpts.
            </span>
          </label>
        )}
        {error && error.field === null && <div className="form-error" role="alert">{error.message}</div>}
      </form>
    </Dialog>
  );
}
