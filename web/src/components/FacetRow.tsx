import type { ReactNode } from 'react';
import { formatCount } from '../format';

interface FacetRowProps {
  label: string;
  count: number;
  /** The main click: toggles a filter parameter, or includes the value in the query. */
  onClick: () => void;
  pressed?: boolean;
  dim?: boolean;
  check?: ReactNode;
  title?: string;
  testId?: string;
  onInclude?: () => void;
  onExclude?: () => void;
  /** A bar under the name, 0–1: the value's share of the total. */
  share?: number;
  className?: string;
}

/** One facet value: its name and count, plus include (+) and exclude (−) buttons that edit the query. */
export function FacetRow(props: FacetRowProps) {
  const { label, count, onClick, pressed, dim, check, title, testId, onInclude, onExclude, share, className = '' } = props;
  return (
    <div className={`facet-row ${dim ? 'off' : 'on'}`}>
      <button
        type="button"
        className={`facet ${className} ${dim ? 'off' : 'on'}`}
        aria-pressed={pressed}
        data-testid={testId}
        title={title}
        onClick={onClick}
      >
        {check}
        <span className="facet-name">{label}</span>
        <span className="facet-count num">{formatCount(count)}</span>
        {share !== undefined && <span className="facet-share" style={{ width: `${Math.round(share * 100)}%` }} />}
      </button>
      {onInclude && (
        <button type="button" className="facet-act" aria-label={`Include ${label}`} title="Only these (adds to the query)" onClick={onInclude}>
          +
        </button>
      )}
      {onExclude && (
        <button type="button" className="facet-act" aria-label={`Exclude ${label}`} title="Not these (adds to the query)" onClick={onExclude}>
          −
        </button>
      )}
    </div>
  );
}
