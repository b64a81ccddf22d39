/** One release against another for this route (GET /api/perf/compare with a_version/b_version). */
import { useEffect, useState } from 'react';
import { perfApi, type PerfScope } from '../../api/perf';
import { ErrorBanner } from '../../components/Feedback';
import { useAsync } from '../../hooks/useAsync';
import { CompareTable } from './CompareTable';

export function ReleaseCompare({ scope, versions }: { scope: PerfScope; versions: string[] }) {
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const known = versions.join('\u0000');
  // Start from the first two releases the chart shows (the busiest); the user picks others.
  useEffect(() => {
    setA(versions[1] ?? '');
    setB(versions[0] ?? '');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [known]);
  const ready = Boolean(a && b && a !== b);
  const compare = useAsync(
    (signal) => (ready ? perfApi.compare({ ...scope, a_version: a, b_version: b }, { signal }) : Promise.resolve(undefined)),
    [JSON.stringify(scope), a, b],
  );
  if (versions.length < 2) return <p className="muted small">Release comparison needs logs from at least two releases (the <code>version</code> field) in this range.</p>;
  const picker = (label: string, value: string, set: (v: string) => void) => (
    <label className="sort-label">
      {label}
      <select value={value} onChange={(e) => set(e.target.value)} aria-label={label}>
        {versions.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="release-compare" data-testid="release-compare">
      <div className="perf-toolbar">
        {picker('Release A', a, setA)}
        {picker('against release B', b, setB)}
      </div>
      {compare.error && <ErrorBanner error={compare.error} onRetry={compare.reload} />}
      {compare.data && <CompareTable a={compare.data.a} b={compare.data.b} aLabel={a} bLabel={b} />}
    </div>
  );
}
