/**
 * A time-series line chart on uPlot: several lines over shared time buckets, a live legend with the values under
 * the cursor, colours from the theme's CSS variables (redrawn when the theme flips) and the width of its box
 * (a ResizeObserver). The plotted numbers are also on the element as `data-series` (JSON), so tests and
 * assistive tools can read what is drawn without reading pixels.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useElementWidth } from '../hooks/useElementWidth';
import { useThemeAttribute } from '../hooks/useThemeAttribute';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  /** A CSS variable name (`--bad`) or colour; else the next one of the palette. */
  color?: string;
  /** Drawn dashed and thinner, so a line it overlaps stays visible. */
  dashed?: boolean;
}

interface TimeChartProps {
  title: string;
  /** Bucket starts, epoch milliseconds. */
  buckets: number[];
  series: ChartSeries[];
  format: (value: number | null) => string;
  height?: number;
  testId?: string;
  /** The top of the y axis when every value is 0 (1 by default: 1 ms, 1/min; 0.01 suits a ratio). */
  emptyMax?: number;
  /** Time windows shaded over the plot (anomalies), epoch milliseconds. */
  bands?: ChartBand[];
  /** Said when there are no buckets. */
  emptyText?: string;
}

export interface ChartBand {
  from: number;
  to: number;
  /** A CSS variable name or colour; `--bad` by default. */
  color?: string;
}

const PALETTE = ['--accent', '--warn', '--bad', '--ok', '--lv-debug', '--lv-info', '--lv-fatal', '--muted', '--accent-strong', '--lv-trace'];

function cssColor(name: string): string {
  if (!name.startsWith('--')) return name;
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** The last bucket that has a value in any series: the legend shows it while the cursor is elsewhere. */
function lastIndex(series: ChartSeries[]): number | null {
  let last = -1;
  for (const s of series) for (let i = s.values.length - 1; i > last; i--) if (s.values[i] !== null) last = i;
  return last >= 0 ? last : null;
}

function options(props: TimeChartProps, width: number): uPlot.Options {
  const resting = lastIndex(props.series);
  const emptyMax = props.emptyMax ?? 1;
  const axis = cssColor('--muted');
  const grid = cssColor('--border');
  const axisStyle: uPlot.Axis = { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' };
  return {
    width: Math.max(120, width),
    height: props.height ?? 200,
    ms: 1,
    cursor: { points: { size: 6 }, drag: { x: false, y: false } },
    legend: { show: true, live: true },
    scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min ?? 0), max && max > 0 ? max * 1.1 : emptyMax] } },
    // uPlot blanks the legend when the cursor leaves; the latest values are more use than dashes.
    hooks: {
      ready: [(u) => resting !== null && u.setLegend({ idx: resting })],
      setCursor: [(u) => u.cursor.idx == null && resting !== null && u.setLegend({ idx: resting }, false)],
      drawClear: [(u) => drawBands(u, props.bands ?? [])],
    },
    axes: [axisStyle, { ...axisStyle, size: 64, values: (_u, ticks) => ticks.map((t) => props.format(t)) }],
    series: [
      { label: 'Time' },
      ...props.series.map((s, i) => ({
        label: s.label,
        stroke: cssColor(s.color ?? PALETTE[i % PALETTE.length]),
        width: s.dashed ? 1.5 : 2,
        dash: s.dashed ? [6, 4] : undefined,
        spanGaps: false,
        points: { show: false },
        value: (_u: uPlot, v: number | null) => props.format(v),
      })),
    ],
  };
}

/** Shades each band under the lines, at least 3 px wide so a one-bucket anomaly stays visible. */
function drawBands(u: uPlot, bands: ChartBand[]): void {
  if (!bands.length) return;
  const { ctx, bbox } = u;
  ctx.save();
  ctx.globalAlpha = 0.18;
  for (const band of bands) {
    const left = Math.max(bbox.left, u.valToPos(band.from, 'x', true));
    const right = Math.min(bbox.left + bbox.width, u.valToPos(band.to, 'x', true));
    if (right < bbox.left || left > bbox.left + bbox.width) continue;
    ctx.fillStyle = cssColor(band.color ?? '--bad');
    ctx.fillRect(left, bbox.top, Math.max(3, right - left), bbox.height);
  }
  ctx.restore();
}

export function TimeChart(props: TimeChartProps) {
  const [box, width] = useElementWidth<HTMLDivElement>();
  const plot = useRef<uPlot | null>(null);
  const theme = useThemeAttribute();
  const { buckets, series } = props;

  // (Re)built when the data or the theme changes: both change every colour or every point anyway.
  useEffect(() => {
    const target = box.current;
    if (!target || width === 0) return;
    const data: uPlot.AlignedData = [buckets, ...series.map((s) => s.values)];
    const chart = new uPlot(options(props, width), data, target);
    plot.current = chart;
    return () => {
      chart.destroy();
      plot.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [buckets, series, props.bands, theme, width === 0]);

  useEffect(() => {
    if (width > 0) plot.current?.setSize({ width: Math.max(120, width), height: props.height ?? 200 });
  }, [width, props.height]);

  const exposed = JSON.stringify(Object.fromEntries(series.map((s) => [s.label, s.values])));
  return (
    <figure className="time-chart" data-testid={props.testId} data-series={exposed} data-buckets={buckets.length} data-bands={props.bands?.length ?? 0}>
      <figcaption className="chart-title">{props.title}</figcaption>
      <div ref={box} className="chart-box" role="img" aria-label={props.title} />
      {buckets.length === 0 && <div className="chart-empty muted small">{props.emptyText ?? 'No requests in this range'}</div>}
    </figure>
  );
}
