/** Projects: list with volume and state, create, edit, regenerate the key, deactivate/reactivate. */
import { useState } from 'react';
import { projectsApi } from '../../api/projects';
import type { Project, ProjectWithKey } from '../../api/types';
import { ErrorBanner, EmptyState, Spinner } from '../../components/Feedback';
import { useAuth } from '../../auth';
import { useAsync } from '../../hooks/useAsync';
import { useProjectStats } from '../../hooks/useProjectStats';
import { useProjectUsage } from '../../hooks/useProjectUsage';
import { useProjectStorage } from '../../hooks/useProjectStorage';
import { StorageTotal } from './StorageCell';
import { QuotaBanner } from './QuotaBanner';
import { navigate, useLocation } from '../../router';
import { ArchivesDialog } from './ArchivesDialog';
import { ConfirmDialog } from './ConfirmDialog';
import { KeyRevealDialog } from './KeyRevealDialog';
import { ProjectFormDialog } from './ProjectFormDialog';
import { PlansSection } from './PlansSection';
import { ProjectsTable } from './ProjectsTable';

type Modal =
  | { kind: 'create' }
  | { kind: 'edit'; project: Project }
  | { kind: 'regenerate'; project: Project }
  | { kind: 'deactivate'; project: Project }
  | { kind: 'key'; result: ProjectWithKey }
  | { kind: 'archives'; project: Project };

export function ProjectsPage() {
  const { search } = useLocation();
  const { state } = useAuth();
  const isAdmin = state.phase === 'signed-in' && state.user.role === 'admin';
  const projects = useAsync(() => projectsApi.list(), []);
  const stats = useProjectStats(projects.data);
  const usage = useProjectUsage(projects.data);
  const storage = useProjectStorage(projects.data);
  const [modal, setModal] = useState<Modal | null>(() => (search.get('new') === '1' ? { kind: 'create' } : null));
  const close = () => {
    setModal(null);
    if (search.has('new')) navigate('/projects', { replace: true });
  };
  const done = (next: Modal | null = null) => {
    projects.reload();
    setModal(next);
  };

  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>Projects</h1>
          <p className="muted">Each project is one application or repository, with its own ingest key.</p>
        </div>
        <button className="btn btn-primary" onClick={() => setModal({ kind: 'create' })}>
          + New project
        </button>
      </header>
      {projects.error && <ErrorBanner error={projects.error} onRetry={projects.reload} />}
      {projects.data && <QuotaBanner projects={projects.data} usage={usage.data} />}
      {projects.loading && !projects.data && <Spinner />}
      {projects.data?.length === 0 && (
        <EmptyState title="No projects yet">
          Create a project to get an API key, then send logs from any language with one HTTP call.
        </EmptyState>
      )}
      {projects.data && projects.data.length > 0 && (
        <ProjectsTable
          projects={projects.data}
          stats={stats.data}
          usage={usage.data}
          storage={storage.data?.byProject}
          storageFailed={storage.error !== undefined}
          onEdit={(project) => setModal({ kind: 'edit', project })}
          onArchives={(project) => setModal({ kind: 'archives', project })}
          onRegenerate={(project) => setModal({ kind: 'regenerate', project })}
          onDeactivate={(project) => setModal({ kind: 'deactivate', project })}
          onReactivate={(project) => projectsApi.update(project.id, { active: true }).then(() => projects.reload())}
        />
      )}
      {projects.data && projects.data.length > 0 && <StorageTotal overview={storage.data?.overview} error={storage.error} />}
      {isAdmin && <PlansSection onChanged={() => projects.reload()} />}
      {modal?.kind === 'create' && (
        <ProjectFormDialog
          onClose={close}
          onSubmit={async (input) => {
            const result = await projectsApi.create(input);
            if (search.has('new')) navigate('/projects', { replace: true });
            done({ kind: 'key', result });
          }}
        />
      )}
      {modal?.kind === 'edit' && (
        <ProjectFormDialog
          project={modal.project}
          isAdmin={isAdmin}
          onClose={close}
          onSubmit={async (input) => {
            await projectsApi.update(modal.project.id, input);
            done();
          }}
        />
      )}
      {modal?.kind === 'regenerate' && (
        <ConfirmDialog
          title={`Regenerate the key for ${modal.project.name}?`}
          confirmLabel={`Regenerate key for ${modal.project.name}`}
          danger
          onClose={close}
          onConfirm={async () => done({ kind: 'key', result: await projectsApi.regenerateKey(modal.project.id) })}
        >
          The current key of <strong>{modal.project.name}</strong> (<code>{modal.project.key_prefix}…</code>) stops
          working immediately. Every app sending logs with it gets 401 until it uses the new key.
        </ConfirmDialog>
      )}
      {modal?.kind === 'deactivate' && (
        <ConfirmDialog
          title={`Deactivate ${modal.project.name}?`}
          confirmLabel={`Deactivate ${modal.project.name}`}
          danger
          onClose={close}
          onConfirm={async () => {
            await projectsApi.deactivate(modal.project.id);
            done();
          }}
        >
          Its key stops being accepted (apps get 403). Its logs stay readable, and you can reactivate it at any time.
        </ConfirmDialog>
      )}
      {modal?.kind === 'key' && <KeyRevealDialog result={modal.result} onClose={close} />}
      {modal?.kind === 'archives' && <ArchivesDialog project={modal.project} onClose={close} />}
    </div>
  );
}
