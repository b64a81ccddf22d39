/** The warning at 80 % and 100 % of a project's daily quota (issue 13). */
import type { Project } from '../../api/types';
import { quotaShare, type ProjectUsage } from '../../api/usage';
import { formatCount } from '../../format';

export function QuotaBanner({ projects, usage }: { projects: Project[]; usage: Map<number, ProjectUsage> | undefined }) {
  const near = projects
    .map((p) => ({ p, u: usage?.get(p.id) }))
    .filter((x): x is { p: Project; u: ProjectUsage } => x.u !== undefined && (quotaShare(x.u) ?? 0) >= 0.8);
  if (near.length === 0) return null;
  return (
    <>
      {near.map(({ p, u }) => {
        const full = u.today.accepted >= (u.today.quota ?? Infinity);
        return (
          <div key={p.id} className={`banner ${full ? 'banner-error' : 'banner-warn'}`} role="alert" data-testid={`quota-banner-${p.slug}`}>
            <span>
              <strong>{p.name}</strong>{' '}
              {full
                ? `has used its daily quota (${formatCount(u.today.quota!)} logs, ${u.plan.name} plan): new logs are refused until midnight UTC.`
                : `has used ${Math.floor((quotaShare(u) ?? 0) * 100)} % of its daily quota (${formatCount(u.today.accepted)} of ${formatCount(u.today.quota!)} logs, ${u.plan.name} plan).`}
            </span>
          </div>
        );
      })}
    </>
  );
}

/** "812 / 1,000" with the plan's name, for the projects table. */
export function QuotaCell({ usage }: { usage: ProjectUsage | undefined }) {
  if (!usage) return <>…</>;
  const share = quotaShare(usage);
  return (
    <>
      <span className={share !== null && share >= 0.8 ? 'warn-text' : undefined}>
        {formatCount(usage.today.accepted)}
        {usage.today.quota !== null ? ` / ${formatCount(usage.today.quota)}` : ''}
      </span>
      <div className="sub">{usage.plan.name}</div>
    </>
  );
}
