/**
 * Volume by level over the range as stacked SVG bars. Dragging across it selects a narrower time
 * range (reported through `onSelect`); hovering a bar shows its counts.
 */
import { useState, type MouseEvent } from 'react';
import { LEVELS, type Histogram as HistogramData, type Level } from '../api/types';
import { formatClock, formatCount } from '../format';
import { useElementWidth } from '../hooks/useElementWidth';

interface HistogramProps {
  data: HistogramData | undefined;
  selectedLevels: Level[];
  onSelect: (from: number, to: number) => void;
  height?: number;
  /** Windows to shade behind the bars (anomalies), epoch ms, with a tooltip each. */
  marks?: Array<{ from: number; to: number; title: string }>;
}

const AXIS = 18;
const bucketTime = (ts: string | number) => (typeof ts === 'number' ? ts : Date.parse(ts));

export function Histogram({ data, selectedLevels, onSelect, height = 96, marks = [] }: HistogramProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const [hover, setHover] = useState<number | null>(null);

  const from = data ? Date.parse(data.from) : 0;
  const to = data ? Date.parse(data.to) : 1;
  const span = Math.max(1, to - from);
  const buckets = data?.buckets ?? [];
  const max = Math.max(1, ...buckets.map((b) => b.total));
  const chartHeight = height - AXIS;
  const xOf = (t: number) => ((t - from) / span) * width;
  const timeOf = (x: number) => from + (Math.min(Math.max(x, 0), width) / width) * span;
  const barWidth = data ? Math.max(1, (data.interval_ms / span) * width - 1) : 0;
  const shown = (level: Level) => selectedLevels.length === 0 || selectedLevels.includes(level);

  const localX = (event: MouseEvent) => event.clientX - (ref.current?.getBoundingClientRect().left ?? 0);
  const onDown = (event: MouseEvent) => {
    if (event.button !== 0) return;
    const x = localX(event);
    setDrag({ start: x, end: x });
  };
  const onMove = (event: MouseEvent) => {
    const x = localX(event);
    if (drag) setDrag({ ...drag, end: x });
    const index = buckets.findIndex((b) => {
      const bx = xOf(bucketTime(b.ts));
      return x >= bx && x < bx + barWidth + 1;
    });
    setHover(index >= 0 ? index : null);
  };
  const onUp = () => {
    if (drag && Math.abs(drag.end - drag.start) > 4) {
      const a = timeOf(Math.min(drag.start, drag.end));
      const b = timeOf(Math.max(drag.start, drag.end));
      onSelect(Math.floor(a), Math.ceil(b));
    }
    setDrag(null);
  };

  const withDate = span > 86_400_000;
  const ticks = width > 0 ? Math.max(2, Math.floor(width / 120)) : 0;
  const hovered = hover !== null ? buckets[hover] : undefined;

  return (
    <div className="histogram" ref={ref} data-testid="histogram" data-total={buckets.reduce((n, b) => n + b.total, 0)}>
      <svg
        width={width}
        height={height}
        onMouseDown={onDown}
        onMouseMove={onMove}
        onMouseUp={onUp}
        onMouseLeave={() => {
          setHover(null);
          setDrag(null);
        }}
        role="img"
        aria-label="Log volume by level over time; drag to zoom in"
      >
        {marks.map((m, i) => (
          <rect key={`mark-${i}`} className="hist-mark" data-testid="histogram-mark" x={xOf(m.from)} y={0} width={Math.max(3, xOf(m.to) - xOf(m.from))} height={chartHeight}>
            <title>{m.title}</title>
          </rect>
        ))}
        <line className="hist-grid" x1={0} x2={width} y1={chartHeight / 2} y2={chartHeight / 2} />
        <line className="hist-axis" x1={0} x2={width} y1={chartHeight} y2={chartHeight} />
        {buckets.map((bucket, i) => {
          let y = chartHeight;
          const x = xOf(bucketTime(bucket.ts));
          return (
            <g key={i} opacity={hover === null || hover === i ? 1 : 0.75}>
              {LEVELS.map((level) => {
                const count = bucket.counts[level] ?? 0;
                if (count === 0) return null;
                const h = Math.max(1, (count / max) * (chartHeight - 4));
                y -= h;
                return (
                  <rect
                    key={level}
                    className={`bar bar-${level.toLowerCase()} ${shown(level) ? '' : 'bar-muted'}`}
                    x={x}
                    y={y}
                    width={barWidth}
                    height={h}
                  />
                );
              })}
            </g>
          );
        })}
        {Array.from({ length: ticks }, (_, i) => {
          const t = from + ((i + 0.5) / ticks) * span;
          return (
            <text key={i} className="hist-label" x={xOf(t)} y={height - 4} textAnchor="middle">
              {formatClock(t, withDate)}
            </text>
          );
        })}
        <text className="hist-label" x={4} y={10}>
          {formatCount(max)}
        </text>
        {drag && (
          <rect
            className="hist-selection"
            x={Math.min(drag.start, drag.end)}
            y={0}
            width={Math.abs(drag.end - drag.start)}
            height={chartHeight}
          />
        )}
      </svg>
      {hovered && !drag && (
        <div className="hist-tip" style={{ left: Math.min(xOf(bucketTime(hovered.ts)) + barWidth + 8, width - 170) }}>
          <div className="hist-tip-time">{formatClock(bucketTime(hovered.ts), true)}</div>
          {LEVELS.filter((l) => hovered.counts[l]).map((level) => (
            <div key={level} className="hist-tip-row">
              <span className={`dot dot-${level.toLowerCase()}`} />
              <span>{level}</span>
              <span className="num">{hovered.counts[level]}</span>
            </div>
          ))}
          <div className="hist-tip-row hist-tip-total">
            <span />
            <span>Total</span>
            <span className="num">{hovered.total}</span>
          </div>
        </div>
      )}
    </div>
  );
}
