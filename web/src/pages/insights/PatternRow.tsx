/** One pattern: its template with the variable parts marked, count, share, sparkline, status and examples. */
import { Fragment, useState } from 'react';
import type { InsightsScope, Pattern } from '../../api/insights';
import type { Project } from '../../api/types';
import { ExplainButton } from '../../components/ExplainButton';
import { LevelBadge } from '../../components/LevelBadge';
import { Sparkline } from '../../components/Sparkline';
import { formatAgo, formatCount } from '../../format';
import { explorerUrl } from '../../hooks/useExplorerFilters';
import { Link } from '../../router';
import { patternQuery, templateParts } from './template';

export function Template({ template }: { template: string }) {
  return (
    <code className="pattern-template" data-testid="pattern-template">
      {templateParts(template).map((part, i) =>
        part.wildcard ? (
          <mark key={i} className="pattern-var" title="A part that varies between lines">
            {part.text}
          </mark>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </code>
  );
}

function StatusBadge({ pattern }: { pattern: Pattern }) {
  if (pattern.status === 'new') return <span className="pill pill-new" title="Absent from the previous range of the same length">New</span>;
  if (pattern.status === 'rising') {
    const ratio = pattern.ratio !== null ? ` ×${pattern.ratio.toFixed(1)}` : '';
    return <span className="pill pill-rising" title={`Previous range: ${pattern.baseline_count ?? 0}`}>Rising{ratio}</span>;
  }
  return null;
}

/** The explorer over the same range, filtered to the pattern's literal text (and the page's own query). */
function explorerLink(pattern: Pattern, project: Project, scope: InsightsScope): string {
  const own = patternQuery(pattern.template);
  const q = [scope.q ? `(${scope.q})` : '', own ?? ''].filter(Boolean).join(' ');
  return explorerUrl({ project: project.slug, q, range: 'custom', from: scope.from, to: scope.to });
}

export function PatternRow({ pattern, project, scope }: { pattern: Pattern; project: Project; scope: InsightsScope }) {
  const [open, setOpen] = useState(false);
  const errors = (pattern.levels.ERROR ?? 0) + (pattern.levels.FATAL ?? 0);
  return (
    <>
      <tr data-testid="pattern-row" data-status={pattern.status} data-pattern-id={pattern.id}>
        <td className="pattern-cell">
          <div className="pattern-line">
            <Template template={pattern.template} />
            <StatusBadge pattern={pattern} />
          </div>
          <div className="sub">
            {pattern.services.slice(0, 3).join(', ')}
            {errors > 0 && <span className="pattern-errors"> · {formatCount(errors)} errors</span>}
          </div>
        </td>
        <td className="num strong">{formatCount(Math.round(pattern.count))}</td>
        <td className="share-cell" title={`${(pattern.share * 100).toFixed(1)} % of the matching logs`}>
          <span className="share-bar">
            <span style={{ width: `${Math.min(100, Math.max(1, pattern.share * 100))}%` }} />
          </span>
          <span className="small muted">{(pattern.share * 100).toFixed(1)} %</span>
        </td>
        <td className="opt-col">
          <Sparkline values={pattern.sparkline} width={120} height={28} label={`Lines over the range: ${pattern.sparkline.join(', ')}`} />
        </td>
        <td className="opt-col small">
          <div title={pattern.first_seen}>{formatAgo(pattern.first_seen)}</div>
          <div className="muted" title={pattern.last_seen}>{formatAgo(pattern.last_seen)}</div>
        </td>
        <td>
          <div className="row-actions">
            <button type="button" className="btn btn-small" aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="pattern-examples-toggle">
              {open ? 'Hide' : 'Examples'}
            </button>
            <Link className="btn btn-small" href={explorerLink(pattern, project, scope)} data-testid="pattern-explore">
              Explore
            </Link>
            <ExplainButton projectId={project.id} target={{ type: 'pattern', id: pattern.id, from: scope.from, to: scope.to, q: scope.q }} what="this pattern" />
          </div>
        </td>
      </tr>
      {open && (
        <tr className="pattern-examples">
          <td colSpan={6}>
            {pattern.examples.length === 0 && <span className="muted">No example kept.</span>}
            {pattern.examples.map((log) => (
              <div key={log.id} className="pattern-example" data-testid="pattern-example">
                <LevelBadge level={log.level} /> <span className="muted small">{log.timestamp} · {log.service}</span>{' '}
                <Link href={`/explore/log/${encodeURIComponent(log.id)}`} className="mono">
                  {log.message}
                </Link>
              </div>
            ))}
          </td>
        </tr>
      )}
    </>
  );
}
