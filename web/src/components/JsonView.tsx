/**
 * Context as formatted JSON, built from elements (never HTML strings): a tree whose objects and arrays
 * fold with the ▾ toggles (drawn by CSS, so the text stays exactly the JSON). Each leaf value is a
 * button that filters the explorer by that field (`ctx.<dotted.path>=<value>`).
 */
import { useState, type ReactNode } from 'react';

interface JsonViewProps {
  value: unknown;
  onFilter?: (path: string, value: string) => void;
}

interface Tree {
  collapsed: Set<string>;
  toggle: (path: string) => void;
  onFilter: JsonViewProps['onFilter'];
}

export function JsonView({ value, onFilter }: JsonViewProps) {
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const toggle = (path: string) =>
    setCollapsed((previous) => {
      const next = new Set(previous);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  return <pre className="json">{render(value, '', 0, { collapsed, toggle, onFilter })}</pre>;
}

function Fold({ path, open, size, tree }: { path: string; open: boolean; size: number; tree: Tree }) {
  const name = path || 'context';
  return (
    <button
      type="button"
      className={`json-fold ${open ? 'open' : 'closed'}`}
      aria-expanded={open}
      aria-label={`${open ? 'Collapse' : 'Expand'} ${name} (${size})`}
      onClick={() => tree.toggle(path)}
    />
  );
}

function render(value: unknown, path: string, depth: number, tree: Tree): ReactNode {
  const indent = '  '.repeat(depth + 1);
  const closing = '  '.repeat(depth);
  const isArray = Array.isArray(value);
  if (value !== null && typeof value === 'object') {
    const entries: Array<[string, unknown]> = isArray ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value);
    const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) return <span className="json-punct">{open + close}</span>;
    const folded = tree.collapsed.has(path);
    const fold = <Fold path={path} open={!folded} size={entries.length} tree={tree} />;
    if (folded) {
      return (
        <>
          {fold}
          <span className="json-punct">{open}</span>
          <span className="json-folded"> … {entries.length} {isArray ? 'items' : 'keys'} </span>
          <span className="json-punct">{close}</span>
        </>
      );
    }
    return (
      <>
        {fold}
        <span className="json-punct">{open}</span>
        {'\n'}
        {entries.map(([key, item], i) => (
          <span key={key}>
            {indent}
            {!isArray && (
              <>
                <span className="json-key">{JSON.stringify(key)}</span>
                <span className="json-punct">: </span>
              </>
            )}
            {render(item, path ? `${path}.${key}` : key, depth + 1, tree)}
            {i < entries.length - 1 ? ',' : ''}
            {'\n'}
          </span>
        ))}
        {closing}
        <span className="json-punct">{close}</span>
      </>
    );
  }
  return leaf(value, path, tree.onFilter);
}

function leaf(value: unknown, path: string, onFilter: JsonViewProps['onFilter']): ReactNode {
  const text = JSON.stringify(value) ?? 'null';
  const kind = value === null ? 'null' : typeof value;
  if (!onFilter || !path) return <span className={`json-${kind}`}>{text}</span>;
  const filter = () => onFilter(path, String(value));
  // A span, not a <button>: buttons are inline-blocks, which would break long strings out of the JSON flow.
  return (
    <span
      role="button"
      tabIndex={0}
      className={`json-leaf json-${kind}`}
      title={`Filter by ${path} = ${String(value)}`}
      onClick={filter}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          filter();
        }
      }}
    >
      {text}
    </span>
  );
}
