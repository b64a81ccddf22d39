interface HourBarsProps {
  /** Counts per hour, oldest first. */
  values: number[];
  label: string;
  width?: number;
  height?: number;
}

/** A tiny bar chart of hourly counts (an error group's last 24 h), in plain SVG; a quiet hour keeps a faint stub. */
export function HourBars({ values, label, width = 96, height = 22 }: HourBarsProps) {
  const max = Math.max(1, ...values);
  const slot = values.length ? width / values.length : width;
  const barWidth = Math.max(1, slot - 1);
  return (
    <svg className="hour-bars" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {values.map((v, i) => {
        const h = v > 0 ? Math.max(2, (v / max) * height) : 1;
        return <rect key={i} className={v > 0 ? 'bar' : 'bar-empty'} x={i * slot} y={height - h} width={barWidth} height={h} />;
      })}
    </svg>
  );
}
