import { errorsApi } from '../../api/errors';
import { useAsync } from '../../hooks/useAsync';
import { formatAgo, formatCount } from '../../format';
import { Link } from '../../router';
import { errorsUrl } from '../errors/error-filters';

/** The card's three busiest error groups first seen in the last 24 hours, each linking to its page. */
export function NewErrors({ slug, refresh }: { slug: string; refresh: number }) {
  const top = useAsync(
    (signal) => errorsApi.list({ projects: [slug], status: 'unresolved', isNew: true, sort: 'count', limit: 3 }, signal),
    [slug, refresh],
  );
  // The card is about health at a glance: a failed lookup leaves this part out rather than covering the card in errors.
  if (top.error || !top.data) return null;
  const groups = top.data.data;
  return (
    <div className="card-errors-wrap" data-testid="card-new-errors">
      <div className="spark-label card-errors-head">
        New errors, 24 h{' '}
        <Link href={errorsUrl({ projects: [slug] })} className="small">
          all errors →
        </Link>
      </div>
      {groups.length === 0 ? (
        <div className="muted small">None: nothing new went wrong.</div>
      ) : (
        <ul className="card-errors">
          {groups.map((g) => (
            <li key={g.id}>
              <Link href={`/errors/${encodeURIComponent(g.id)}`} className="card-error-title" title={g.title} data-testid="card-error">
                {g.title}
              </Link>
              <span className="num small">{formatCount(g.count)}×</span>
              <span className="muted small">{formatAgo(g.last_seen)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
