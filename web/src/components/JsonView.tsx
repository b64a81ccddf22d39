/**
 * Context as formatted JSON, built from elements (never HTML strings). Each leaf value is a button
 * that filters the explorer by that field (`ctx.<dotted.path>=<value>`).
 */
import type { ReactNode } from 'react';

interface JsonViewProps {
  value: unknown;
  onFilter?: (path: string, value: string) => void;
}

export function JsonView({ value, onFilter }: JsonViewProps) {
  return <pre className="json">{render(value, '', 0, onFilter)}</pre>;
}

function render(value: unknown, path: string, depth: number, onFilter: JsonViewProps['onFilter']): ReactNode {
  const indent = '  '.repeat(depth + 1);
  const closing = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="json-punct">[]</span>;
    return (
      <>
        <span className="json-punct">[</span>
        {'\n'}
        {value.map((item, i) => (
          <span key={i}>
            {indent}
            {render(item, path ? `${path}.${i}` : String(i), depth + 1, onFilter)}
            {i < value.length - 1 ? ',' : ''}
            {'\n'}
          </span>
        ))}
        {closing}
        <span className="json-punct">]</span>
      </>
    );
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return <span className="json-punct">{'{}'}</span>;
    return (
      <>
        <span className="json-punct">{'{'}</span>
        {'\n'}
        {entries.map(([key, item], i) => (
          <span key={key}>
            {indent}
            <span className="json-key">{JSON.stringify(key)}</span>
            <span className="json-punct">: </span>
            {render(item, path ? `${path}.${key}` : key, depth + 1, onFilter)}
            {i < entries.length - 1 ? ',' : ''}
            {'\n'}
          </span>
        ))}
        {closing}
        <span className="json-punct">{'}'}</span>
      </>
    );
  }
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
