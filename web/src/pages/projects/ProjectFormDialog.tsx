import { useState, type FormEvent } from 'react';
import type { ProjectInput } from '../../api/projects';
import type { Project } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { RetentionField } from './RetentionField';

interface ProjectFormDialogProps {
  project?: Project;
  onSubmit: (input: ProjectInput) => Promise<void>;
  onClose: () => void;
}

/** Create (no `project`) or edit a project's name, slug, description and repository URL. */
export function ProjectFormDialog({ project, onSubmit, onClose }: ProjectFormDialogProps) {
  const [name, setName] = useState(project?.name ?? '');
  const [slug, setSlug] = useState(project?.slug ?? '');
  const [description, setDescription] = useState(project?.description ?? '');
  const [repositoryUrl, setRepositoryUrl] = useState(project?.repository_url ?? '');
  const [retention, setRetention] = useState(project?.retention_days?.toString() ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const input: ProjectInput = {
      name: name.trim(),
      description: description.trim(),
      repository_url: repositoryUrl.trim() || null,
    };
    if (slug.trim()) input.slug = slug.trim();
    if (project || retention.trim()) input.retention_days = retention.trim() ? Number(retention) : null;
    onSubmit(input).catch((err: Error) => {
      setError(err.message);
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
        {error && <div className="form-error" role="alert">{error}</div>}
      </form>
    </Dialog>
  );
}
