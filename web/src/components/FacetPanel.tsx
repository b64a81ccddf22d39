/**
 * The explorer's left column: level toggles with their counts over the range, and the project's
 * services with counts. Clicking toggles a filter; the URL keeps the choice.
 */
import { LEVELS, type Level, type ServiceSummary } from '../api/types';
import { formatAgo, formatCount } from '../format';

interface FacetPanelProps {
  levelCounts: Partial<Record<Level, number>>;
  levels: Level[];
  onLevels: (levels: Level[]) => void;
  services: ServiceSummary[] | undefined;
  selectedServices: string[];
  onServices: (services: string[]) => void;
}

const toggle = <T,>(list: T[], item: T) => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

export function FacetPanel(props: FacetPanelProps) {
  const { levelCounts, levels, onLevels, services, selectedServices, onServices } = props;
  return (
    <aside className="facets">
      <section>
        <header className="facet-head">
          <span>Level</span>
          {levels.length > 0 && (
            <button className="link-btn" onClick={() => onLevels([])}>
              all
            </button>
          )}
        </header>
        {LEVELS.map((level) => {
          const active = levels.length === 0 || levels.includes(level);
          return (
            <button
              key={level}
              type="button"
              className={`facet level-toggle ${active ? 'on' : 'off'}`}
              aria-pressed={levels.includes(level)}
              data-testid={`level-${level}`}
              onClick={() => onLevels(toggle(levels, level))}
            >
              <span className={`check dot-${level.toLowerCase()}`} />
              <span className="facet-name">{level}</span>
              <span className="facet-count num">{formatCount(levelCounts[level] ?? 0)}</span>
            </button>
          );
        })}
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
        {!services && <div className="facet-note">Pick a project to list its services</div>}
        {services?.length === 0 && <div className="facet-note">No services yet</div>}
        {services?.map((s) => {
          const on = selectedServices.includes(s.service);
          return (
            <button
              key={s.service}
              type="button"
              className={`facet ${on || selectedServices.length === 0 ? 'on' : 'off'}`}
              aria-pressed={on}
              data-testid={`service-${s.service}`}
              title={`Last seen ${formatAgo(s.last_seen_at)}`}
              onClick={() => onServices(toggle(selectedServices, s.service))}
            >
              <span className={`check ${on ? 'checked' : ''}`} />
              <span className="facet-name">{s.service}</span>
              <span className="facet-count num">{formatCount(s.count)}</span>
            </button>
          );
        })}
      </section>
    </aside>
  );
}
