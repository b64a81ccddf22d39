interface SparklineProps {
  values: number[];
  /** Optional second series drawn as bars underneath (errors). */
  bars?: number[];
  width?: number;
  height?: number;
  label: string;
}

/** A small line of volume with error bars beneath, in plain SVG. */
export function Sparkline({ values, bars, width = 220, height = 36, label }: SparklineProps) {
  const max = Math.max(1, ...values, ...(bars ?? []));
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const y = (v: number) => height - 2 - (v / max) * (height - 4);
  const line = values.map((v, i) => `${i === 0 ? 'M' : 'L'}${(i * step).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const area = values.length ? `${line} L${width},${height} L0,${height} Z` : '';
  const barWidth = bars && bars.length ? Math.max(1, width / bars.length - 1) : 0;
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={label}>
      {bars?.map((v, i) =>
        v > 0 ? (
          <rect
            key={i}
            className="spark-error"
            x={(i * width) / bars.length}
            y={y(v)}
            width={barWidth}
            height={height - y(v)}
          />
        ) : null,
      )}
      <path className="spark-area" d={area} />
      <path className="spark-line" d={line} />
    </svg>
  );
}
