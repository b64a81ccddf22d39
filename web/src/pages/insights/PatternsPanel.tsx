/** The patterns of the range: a notice when the run was sampled, then one row per template. */
import { useState } from 'react';
import type { Project } from '../../api/types';
import { insightsApi, type InsightsScope } from '../../api/insights';
import { ErrorBanner, Spinner } from '../../components/Feedback';
import { formatCount } from '../../format';
import { useAsync } from '../../hooks/useAsync';
import { PatternRow } from './PatternRow';

type Source = 'range' | 'project';

export function PatternsPanel({ project, scope }: { project: Project; scope: InsightsScope }) {
  // "All time" reads the patterns the server keeps up to date as logs arrive: instant, but the range and query
  // do not apply to it.
  const [source, setSource] = useState<Source>('range');
  const key = JSON.stringify(scope);
  const run = useAsync(
    (signal) =>
      source === 'range'
        ? insightsApi.patterns({ ...scope, limit: 50, baseline: 'previous' }, { signal })
        : insightsApi.projectPatterns(project.id, 50, { signal }),
    [key, source],
  );
  const picker = (
    <div className="segmented small" role="group" aria-label="Patterns of">
      {(['range', 'project'] as const).map((s) => (
        <button key={s} type="button" className={`seg ${source === s ? 'active' : ''}`} aria-pressed={source === s} onClick={() => setSource(s)} data-testid={`patterns-${s}`}>
          {s === 'range' ? 'This range and query' : 'All time (kept as logs arrive)'}
        </button>
      ))}
    </div>
  );
  if (run.error) return <>{picker}<ErrorBanner error={run.error} onRetry={run.reload} /></>;
  if (!run.data) return <>{picker}<Spinner label="Mining patterns" /></>;
  const { data, sampled, sample_rate, scanned, matched, took_ms } = run.data;
  return (
    <div data-loading={run.loading || undefined}>
      {picker}
      <p className="muted small" data-testid="patterns-meta">
        {formatCount(data.length)} patterns from {formatCount(matched)} {source === 'range' ? 'matching ' : ''}logs ({formatCount(scanned)} read) in{' '}
        {took_ms} ms{source === 'range' ? '; new and rising compare with the previous range of the same length' : ''}.
      </p>
      {sampled && (
        <div className="notice" data-testid="sample-notice">
          {source === 'range'
            ? <>Sampled: {formatSampleRate(sample_rate)} of the matching logs were read, so counts are estimates (sampled count ÷ rate). Narrow the range or the query for exact counts.</>
            : <>Estimated: the pattern job sampled a backlog past its rate, so {formatSampleRate(sample_rate)} of these logs were mined and the counts are estimates (sampled count ÷ rate); every ERROR and FATAL log was counted.</>}
        </div>
      )}
      {data.length === 0 ? (
        <p className="muted" data-testid="patterns-empty">
          No logs in this range{scope.q ? ' match the query' : ''}.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table patterns-table" data-testid="patterns-table">
            <thead>
              <tr>
                <th>Pattern</th>
                <th className="num">Count</th>
                <th>Share</th>
                <th className="opt-col">Over the range</th>
                <th className="opt-col">First / last seen</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.map((p) => (
                <PatternRow key={p.id} pattern={p} project={project} scope={scope} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function formatSampleRate(rate: number): string {
  const pct = rate * 100;
  return `${pct >= 10 ? pct.toFixed(0) : pct.toPrecision(2)} %`;
}
