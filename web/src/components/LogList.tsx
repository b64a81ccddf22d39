/**
 * The virtualised result list: only the rows on screen exist in the DOM, so 100,000 loaded rows
 * scroll as smoothly as 100. Nearing the end asks for the next page (cursor pagination).
 */
import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LogEntry } from '../api/types';
import { formatTimestamp } from '../format';
import { CopyButton } from './CopyButton';
import { columnValue, gridColumns, permalink } from './log-columns';
import { LevelBadge } from './LevelBadge';
import { LogDetail } from './LogDetail';
import { Spinner } from './Feedback';

interface LogListProps {
  rows: LogEntry[];
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
  onFilter: (path: string, value: string) => void;
  onSurrounding: (log: LogEntry) => void;
  highlightIds?: Set<string>;
  /** Extra columns: field paths like `ctx.http.route`. */
  columns?: string[];
  zone?: 'local' | 'utc';
  /** A log to show selected, expanded and scrolled into view (a permalink). */
  selectedId?: string;
}

const ROW_HEIGHT = 26;

export function LogList(props: LogListProps) {
  const { rows, hasMore, loading, onLoadMore, onFilter, onSurrounding, highlightIds, columns = [], zone = 'local', selectedId } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set(selectedId ? [selectedId] : []));
  const grid = { gridTemplateColumns: gridColumns(columns.length) };
  const virtualizer = useVirtualizer({
    count: rows.length + 1, // the last row is the "loading / end of results" footer
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    getItemKey: (index) => rows[index]?.id ?? 'footer',
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : 0;

  useEffect(() => {
    if (hasMore && !loading && lastIndex >= rows.length - 100) onLoadMore();
  }, [lastIndex, rows.length, hasMore, loading, onLoadMore]);

  // A permalinked line is brought into view once its row exists.
  const scrolledTo = useRef<string | undefined>(undefined);
  useEffect(() => {
    const index = selectedId ? rows.findIndex((r) => r.id === selectedId) : -1;
    if (index < 0 || scrolledTo.current === selectedId) return;
    scrolledTo.current = selectedId;
    virtualizer.scrollToIndex(index, { align: 'center' });
  }, [selectedId, rows, virtualizer]);

  const toggle = (id: string) =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  // Arrow keys (or j/k) move between rows, scrolling the virtual list so the next row exists.
  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === 'ArrowDown' || event.key === 'j' ? 1 : event.key === 'ArrowUp' || event.key === 'k' ? -1 : 0;
    if (!step || (event.target as HTMLElement).closest('.log-detail')) return;
    event.preventDefault();
    const current = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-index]');
    const index = current ? Number(current.dataset.index) : -1;
    const next = Math.min(Math.max(index + step, 0), rows.length - 1);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    const focusRow = () => {
      const line = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${next}"] .log-line`);
      line?.focus({ preventScroll: true });
      return Boolean(line);
    };
    // Rendered rows take focus at once; a row just scrolled into existence gets it on the next frame.
    if (!focusRow()) requestAnimationFrame(() => void focusRow());
  };

  return (
    <div className="log-list" ref={scrollRef} data-testid="log-list" tabIndex={0} onKeyDown={onKeyDown}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const log = rows[item.index];
          const style = { transform: `translateY(${item.start}px)` };
          if (!log) {
            return (
              <div key="footer" className="log-footer" style={style} ref={virtualizer.measureElement} data-index={item.index}>
                {loading ? <Spinner /> : hasMore ? 'Scroll for more' : rows.length ? 'End of results' : ''}
              </div>
            );
          }
          const open = expanded.has(log.id);
          return (
            <div
              key={log.id}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className={`log-row ${open ? 'open' : ''} ${highlightIds?.has(log.id) ? 'fresh' : ''} ${
                log.id === selectedId ? 'selected' : ''
              } lvl-${log.level.toLowerCase()}`}
              style={style}
              data-testid="log-row"
              data-log-id={log.id}
              aria-current={log.id === selectedId ? 'true' : undefined}
            >
              <div
                className="log-line"
                style={grid}
                role="button"
                tabIndex={0}
                aria-expanded={open}
                onClick={() => toggle(log.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    toggle(log.id);
                  }
                }}
              >
                <span className="col-time">{formatTimestamp(log.timestamp, zone)}</span>
                <span className="col-level">
                  <LevelBadge level={log.level} />
                </span>
                <span className="col-service" title={log.service}>
                  {log.service}
                </span>
                {columns.map((path) => {
                  const value = columnValue(log, path);
                  return (
                    <span key={path} className={`col-extra ${value === undefined ? 'muted' : ''}`} title={value}>
                      {value ?? '—'}
                    </span>
                  );
                })}
                <span className="col-message" data-testid="log-message">
                  {log.message}
                </span>
              </div>
              <CopyButton text={permalink(log.id)} label="Link" className="row-link" ariaLabel="Copy link to this log" />
              {open && <LogDetail log={log} zone={zone} onFilter={onFilter} onSurrounding={onSurrounding} />}
            </div>
          );
        })}
      </div>
    </div>
  );
}
