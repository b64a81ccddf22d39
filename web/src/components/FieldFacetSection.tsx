import type { ContextField, FieldFacet } from '../api/types';
import { excludeClause, includeClause } from '../query/clauses';
import { FacetRow } from './FacetRow';
import { Spinner } from './Feedback';

export interface FieldFacetProps {
  /** The chosen field (`ctx.http.route`), or '' for none. */
  name: string;
  onName: (name: string) => void;
  fields: ContextField[] | undefined;
  facet: FieldFacet | null | undefined;
  loading: boolean;
  error?: Error;
  onClause: (clause: string) => void;
}

const BUILTIN = ['host', 'env', 'version'];

/** Top values of one field; the "missing" bucket filters by existence (`-has:` / `has:`). */
export function FieldFacetSection({ name, onName, fields, facet, loading, error, onClause }: FieldFacetProps) {
  const options = [...BUILTIN, ...(fields ?? []).map((f) => f.path)];
  if (name && !options.includes(name)) options.push(name);
  const total = facet ? facet.values.reduce((n, v) => n + v.count, facet.missing + facet.other) : 0;
  return (
    <section data-testid="field-facet">
      <header className="facet-head">
        <span>Field values</span>
        {loading && <Spinner />}
      </header>
      <select className="select facet-field-select" aria-label="Field to count values of" value={name} onChange={(e) => onName(e.target.value)}>
        <option value="">Choose a field…</option>
        {options.map((path) => (
          <option key={path} value={path}>
            {path}
          </option>
        ))}
      </select>
      {error && <div className="facet-note">{error.message}</div>}
      {facet?.values.map((v) => (
        <FacetRow
          key={v.value}
          label={v.value}
          count={v.count}
          share={total ? v.count / total : 0}
          testId={`field-value-${v.value}`}
          title={`${facet.name}:"${v.value}"`}
          onClick={() => onClause(includeClause(facet.name, v.value))}
          onInclude={() => onClause(includeClause(facet.name, v.value))}
          onExclude={() => onClause(excludeClause(facet.name, v.value))}
        />
      ))}
      {facet && facet.missing > 0 && (
        <FacetRow
          label="(missing)"
          count={facet.missing}
          share={total ? facet.missing / total : 0}
          testId="field-value-missing"
          title={`Logs without ${facet.name}`}
          onClick={() => onClause(includeClause(facet.name, null))}
          onInclude={() => onClause(includeClause(facet.name, null))}
          onExclude={() => onClause(excludeClause(facet.name, null))}
        />
      )}
      {facet && facet.other > 0 && <div className="facet-note">{facet.other} objects or arrays</div>}
      {facet?.sampled && <div className="facet-note">Counts of the newest {facet.scanned.toLocaleString('en')} logs</div>}
      {facet && facet.values.length === 0 && facet.missing === 0 && <div className="facet-note">No values</div>}
    </section>
  );
}
