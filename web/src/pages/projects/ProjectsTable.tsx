import type { Project } from '../../api/types';
import { explorerUrl } from '../../hooks/useExplorerFilters';
import type { ProjectStats } from '../../hooks/useProjectStats';
import type { ProjectUsage } from '../../api/usage';
import { QuotaCell } from './QuotaBanner';
import type { ProjectStorage } from '../../api/storage';
import { STORAGE_HINT, StorageCell } from './StorageCell';
import { formatAgo, formatCount } from '../../format';
import { Link } from '../../router';

interface ProjectsTableProps {
  projects: Project[];
  stats: Map<number, ProjectStats> | undefined;
  usage?: Map<number, ProjectUsage> | undefined;
  storage?: Map<number, ProjectStorage> | undefined;
  /** The storage estimate could not be read: its cells say so instead of loading for ever. */
  storageFailed?: boolean;
  onEdit: (p: Project) => void;
  onArchives: (p: Project) => void;
  onRegenerate: (p: Project) => void;
  onDeactivate: (p: Project) => void;
  onReactivate: (p: Project) => void;
}

export function ProjectsTable({ projects, stats, usage, storage, storageFailed, onEdit, onArchives, onRegenerate, onDeactivate, onReactivate }: ProjectsTableProps) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="projects-table">
        <thead>
          <tr>
            <th>Project</th>
            <th>Slug</th>
            <th className="num">Services</th>
            <th className="num">Logs 24h</th>
            <th className="num">Total</th>
            <th className="num" title="Logs accepted today (UTC) / the plan's daily quota">Today</th>
            <th className="num" title={STORAGE_HINT}>Storage</th>
            <th>Last log</th>
            <th>Key</th>
            <th>Status</th>
            <th className="actions-col" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => {
            const s = stats?.get(p.id);
            return (
              <tr key={p.id} className={p.active ? '' : 'inactive'} data-testid={`project-row-${p.slug}`}>
                <td>
                  <Link href={explorerUrl({ project: p.slug, range: '24h' })} className="project-name">
                    {p.name}
                  </Link>
                  {p.description && <div className="sub">{p.description}</div>}
                  {p.repository_url && <div className="sub mono">{p.repository_url}</div>}
                </td>
                <td className="mono">{p.slug}</td>
                <td className="num">{s ? s.services : '…'}</td>
                <td className="num">{s ? formatCount(s.logs24h) : '…'}</td>
                <td className="num">{formatCount(p.log_count ?? 0)}</td>
                <td className="num" data-testid={`quota-${p.slug}`}>
                  <QuotaCell usage={usage?.get(p.id)} />
                </td>
                <td className="num" data-testid={`storage-${p.slug}`}>
                  <StorageCell storage={storage?.get(p.id)} failed={storageFailed} />
                </td>
                <td title={p.last_log_at ?? ''}>{formatAgo(p.last_log_at)}</td>
                <td className="mono muted">{p.key_prefix}…</td>
                <td>
                  <span className={`pill ${p.active ? 'pill-ok' : 'pill-off'}`}>{p.active ? 'Active' : 'Inactive'}</span>
                </td>
                <td className="actions">
                  <Link href={`/projects/${encodeURIComponent(p.slug)}/setup`} className="btn btn-small btn-ghost">
                    Setup
                  </Link>
                  <button className="btn btn-small btn-ghost" onClick={() => onEdit(p)}>
                    Edit
                  </button>
                  <button className="btn btn-small btn-ghost" onClick={() => onArchives(p)}>
                    Archives
                  </button>
                  <button className="btn btn-small btn-ghost" onClick={() => onRegenerate(p)}>
                    Regenerate key
                  </button>
                  {p.active ? (
                    <button className="btn btn-small btn-ghost danger-text" onClick={() => onDeactivate(p)}>
                      Deactivate
                    </button>
                  ) : (
                    <button className="btn btn-small btn-ghost" onClick={() => onReactivate(p)}>
                      Reactivate
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
