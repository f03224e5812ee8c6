export type Series = { key: string; name: string; colour: string };
export type Bar = { key: string; label: string; values: readonly number[] };

// Drawing units of the viewBox; the chart scales to its container's width.
const WIDTH = 720;
const LABEL_WIDTH = 190;
const VALUE_WIDTH = 64;
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
const INK = '#1d2433';
const LINE = '#8a93a3';

function shortened(label: string): string {
  return label.length > 26 ? `${label.slice(0, 25)}…` : label;
}

/** Horizontal bars, one per group, each stacked from its series' values: inline SVG with a
 * summary for assistive technology, a title on every segment, and a legend in text. The
 * figures themselves belong in a table beside it. */
export function BarChart({
  label,
  series,
  bars,
  max,
  valueText,
}: {
  label: string;
  series: readonly Series[];
  bars: readonly Bar[];
  /** The value a full-width bar stands for; by default the largest bar's total. */
  max?: number;
  valueText: (bar: Bar) => string;
}) {
  const largest = Math.max(1, ...bars.map((bar) => bar.values.reduce((sum, value) => sum + value, 0)));
  const scale = PLOT_WIDTH / (max ?? largest);
  // Many groups (days of several weeks) get thinner bars, so the chart stays readable at a glance.
  const row = bars.length > 16 ? 20 : 30;
  const thickness = row - 10;
  const height = bars.length * row + 6;
  return (
    <figure className="chart">
      <svg role="img" aria-label={label} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet">
        {bars.map((bar, index) => {
          const y = 3 + index * row;
          let x = LABEL_WIDTH;
          return (
            <g key={bar.key}>
              <text x={LABEL_WIDTH - 8} y={y + row / 2} textAnchor="end" dominantBaseline="middle" fill={INK} fontSize={13}>
                <title>{bar.label}</title>
                {shortened(bar.label)}
              </text>
              {bar.values.map((value, position) => {
                if (value <= 0) return null;
                const width = value * scale;
                const segment = (
                  <rect key={series[position].key} x={x} y={y + 5} width={width} height={thickness} fill={series[position].colour} stroke="#fff" strokeWidth={1}>
                    <title>{`${bar.label}: ${series[position].name.toLowerCase()} ${value}`}</title>
                  </rect>
                );
                x += width;
                return segment;
              })}
              <text x={x + 6} y={y + row / 2} dominantBaseline="middle" fill={INK} fontSize={13}>
                {valueText(bar)}
              </text>
            </g>
          );
        })}
        <line x1={LABEL_WIDTH} x2={LABEL_WIDTH} y1={0} y2={height} stroke={LINE} strokeWidth={1} />
      </svg>
      {series.length > 1 ? (
        <figcaption>
          <ul className="legend" aria-label="Legend">
            {series.map((entry) => (
              <li key={entry.key}>
                <span className="swatch" style={{ background: entry.colour }} aria-hidden="true" />
                {entry.name}
              </li>
            ))}
          </ul>
        </figcaption>
      ) : null}
    </figure>
  );
}
