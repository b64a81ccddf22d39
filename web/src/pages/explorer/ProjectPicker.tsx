import type { Project } from '../../api/types';
import { usePopover } from '../../components/usePopover';

interface ProjectPickerProps {
  projects: Project[] | undefined;
  selected: string[];
  onChange: (slugs: string[]) => void;
}

/** Several projects at once: none checked means every project you can read. */
export function ProjectPicker({ projects, selected, onChange }: ProjectPickerProps) {
  const { open, setOpen, ref } = usePopover();
  const name = (slug: string) => projects?.find((p) => p.slug === slug)?.name ?? slug;
  const label = selected.length === 0 ? 'All projects' : selected.length === 1 ? name(selected[0]) : `${selected.length} projects`;
  const toggle = (slug: string) => onChange(selected.includes(slug) ? selected.filter((s) => s !== slug) : [...selected, slug]);
  return (
    <div className="picker" ref={ref}>
      <button
        type="button"
        className="select project-select"
        aria-label="Projects"
        aria-haspopup="true"
        aria-expanded={open}
        title={selected.map(name).join(', ') || 'Every project you can read'}
        onClick={() => setOpen(!open)}
        data-testid="project-picker"
      >
        {label}
      </button>
      {open && (
        <div className="popover picker-popover" role="group" aria-label="Projects to search">
          <label className="picker-option">
            <input type="checkbox" checked={selected.length === 0} onChange={() => onChange([])} />
            All projects
          </label>
          {projects?.map((p) => (
            <label key={p.id} className="picker-option">
              <input type="checkbox" checked={selected.includes(p.slug)} onChange={() => toggle(p.slug)} />
              <span>{p.name}</span>
              <span className="muted mono">{p.slug}</span>
              {!p.active && <span className="muted">(inactive)</span>}
            </label>
          ))}
        </div>
      )}
    </div>
  );
}
