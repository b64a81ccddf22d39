/**
 * The explorer's left column: level and service counts that follow the query and range, and the top
 * values of one chosen context field. A level or service click toggles its filter (kept in the URL);
 * + and − add `field:"value"` or `-field:"value"` to the query.
 */
import { LEVELS, type Level } from '../api/types';
import { excludeClause, includeClause } from '../query/clauses';
import { FacetRow } from './FacetRow';
import { FieldFacetSection, type FieldFacetProps } from './FieldFacetSection';

export interface ServiceCount {
  service: string;
  count: number;
  projects: string[];
}

interface FacetPanelProps {
  levelCounts: Partial<Record<Level, number>>;
  levels: Level[];
  onLevels: (levels: Level[]) => void;
  services: ServiceCount[] | undefined;
  selectedServices: string[];
  onServices: (services: string[]) => void;
  /** ANDs a clause onto the query. */
  onClause: (clause: string) => void;
  field: Omit<FieldFacetProps, 'onClause'>;
  className?: string;
}

const toggle = <T,>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

export function FacetPanel(props: FacetPanelProps) {
  const { levelCounts, levels, onLevels, services, selectedServices, onServices, onClause } = props;
  const multiProject = new Set(services?.flatMap((s) => s.projects)).size > 1;
  return (
    <aside className={`facets ${props.className ?? ''}`} aria-label="Facets">
      <section>
        <header className="facet-head">
          <span>Level</span>
          {levels.length > 0 && (
            <button className="link-btn" onClick={() => onLevels([])}>
              all
            </button>
          )}
        </header>
        {LEVELS.map((level) => (
          <FacetRow
            key={level}
            label={level}
            count={levelCounts[level] ?? 0}
            pressed={levels.includes(level)}
            dim={!(levels.length === 0 || levels.includes(level))}
            className="level-toggle"
            check={<span className={`check dot-${level.toLowerCase()}`} />}
            testId={`level-${level}`}
            onClick={() => onLevels(toggle(levels, level))}
            onInclude={() => onClause(includeClause('level', level.toLowerCase()))}
            onExclude={() => onClause(excludeClause('level', level.toLowerCase()))}
          />
        ))}
      </section>
      <section>
        <header className="facet-head">
          <span>Service</span>
          {selectedServices.length > 0 && (
            <button className="link-btn" onClick={() => onServices([])}>
              all
            </button>
          )}
        </header>
        {services?.length === 0 && <div className="facet-note">No logs in this range</div>}
        {services?.map((s) => {
          const on = selectedServices.includes(s.service);
          return (
            <FacetRow
              key={s.service}
              label={s.service}
              count={s.count}
              pressed={on}
              dim={!(on || selectedServices.length === 0)}
              check={<span className={`check ${on ? 'checked' : ''}`} />}
              testId={`service-${s.service}`}
              title={multiProject ? `In ${s.projects.join(', ')}` : undefined}
              onClick={() => onServices(toggle(selectedServices, s.service))}
              onInclude={() => onClause(includeClause('service', s.service))}
              onExclude={() => onClause(excludeClause('service', s.service))}
            />
          );
        })}
      </section>
      <FieldFacetSection {...props.field} onClause={onClause} />
    </aside>
  );
}
