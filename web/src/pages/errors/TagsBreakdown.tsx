import type { TagName, TagValue } from '../../api/errors';
import { formatAgo, formatCount } from '../../format';

const TAGS: ReadonlyArray<{ id: TagName; label: string }> = [
  { id: 'service', label: 'Services' },
  { id: 'host', label: 'Hosts' },
  { id: 'version', label: 'Releases' },
  { id: 'environment', label: 'Environments' },
];

/** For each tag, its values with their share of the group's events as a bar. */
export function TagsBreakdown({ tags }: { tags: Partial<Record<TagName, TagValue[]>> }) {
  return (
    <div className="tags-grid" data-testid="tags">
      {TAGS.map(({ id, label }) => {
        const values = tags[id] ?? [];
        const total = values.reduce((n, v) => n + v.count, 0);
        return (
          <section key={id} className="tag-block" aria-label={label}>
            <h3 className="section-label">{label}</h3>
            {values.length === 0 && <div className="muted small">none recorded</div>}
            <ul className="tag-values">
              {values.slice(0, 8).map((v) => (
                <li key={v.value} title={`first ${v.first_seen}, last ${v.last_seen}`}>
                  <div className="tag-line">
                    <span className="tag-value mono">{v.value}</span>
                    <span className="num small">{formatCount(v.count)}</span>
                  </div>
                  <div className="tag-bar" aria-hidden>
                    <span style={{ width: `${total ? Math.max(2, (v.count / total) * 100) : 0}%` }} />
                  </div>
                  {id === 'version' && <div className="muted small">last {formatAgo(v.last_seen)}</div>}
                </li>
              ))}
            </ul>
            {values.length > 8 && <div className="muted small">and {values.length - 8} more</div>}
          </section>
        );
      })}
    </div>
  );
}
