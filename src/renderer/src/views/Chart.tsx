// A thin uPlot wrapper: fast canvas time series, sized to its box, coloured from the theme.
// The value axis starts at zero; samples far apart are not joined (a gap is drawn as a gap).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'react';
import { decimationIndices, pick } from '../lib/decimate.js';
import { gapThreshold, niceMax, usualStep, withGaps } from '../lib/gaps.js';

export interface ChartSeries {
  label: string;
  color: string;
  fill?: string;
  /** Shown in the legend instead of the plotted value (stacked charts plot cumulative sums). */
  raw?: (number | null)[];
}

export interface ChartProps {
  title: string;
  unit: string;
  /** [x seconds, ...y arrays], as uPlot wants. */
  data: uPlot.AlignedData;
  series: ChartSeries[];
  height?: number;
  /** Bars (one per x, e.g. per day) instead of lines. */
  bars?: boolean;
  /** Told how long the first draw took, in ms. */
  onDrawn?: (ms: number) => void;
}

export const cssVar = (name: string, fallback: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

const fmt = (v: number | null | undefined, unit: string) =>
  v === null || v === undefined ? '—' : `${Math.abs(v) >= 100 ? Math.round(v) : Number(v.toFixed(2))} ${unit}`.trim();

/** Axis ticks keep short units (ms, %, MB) and drop words ("agents"): the chart's title names them. */
const tickUnit = (unit: string) => (unit.length <= 2 ? unit : '');

/** uPlot's `u-live` legend shows a value per series; it is on only while a point is under the cursor. */
function showLegendValues(u: uPlot): void {
  u.root.querySelector('.u-legend')?.classList.toggle('u-live', u.legend.idx != null);
}

export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const { data, series, unit, onDrawn, bars } = props;
  const height = props.height ?? 180;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const started = performance.now();
    const width = Math.max(200, el.clientWidth);
    // ≤ 2 points per pixel column: a 30-day range costs what a 1-hour one does.
    const idx = decimationIndices(data[0], (data[1] ?? []) as ArrayLike<number | null>, width);
    const thin = idx.length === data[0].length ? data : (data.map((col) => pick(col as ArrayLike<number | null>, idx)) as uPlot.AlignedData);
    // Joined up to three usual steps, or to what decimation spreads neighbours over.
    const step = usualStep(data[0]);
    const bucket = thin === data ? 0 : (data[0][data[0].length - 1]! - data[0][0]!) / width;
    const gapped = bars ? thin : withGaps(thin, Math.max(gapThreshold(step), 2.5 * bucket));
    const raws = series.map((s) => {
      const r = s.raw && thin !== data ? pick(s.raw, idx) : s.raw;
      return r && gapped !== thin ? (withGaps([thin[0], r], Math.max(gapThreshold(step), 2.5 * bucket))[1] as (number | null)[]) : r;
    });
    const halfBar = bars ? (step || 86_400) / 2 : 0;
    const axis = cssVar('--fg-muted', '#888');
    const grid = cssVar('--grid', 'rgba(128,128,128,.15)');
    let first = true;
    const opts: uPlot.Options = {
      // The first 'draw' hook marks the chart as on screen: uPlot paints after its constructor.
      hooks: {
        draw: [
          () => {
            if (!first) return;
            first = false;
            const ms = performance.now() - started;
            el.dataset.drawMs = ms.toFixed(1);
            onDrawn?.(ms);
          },
        ],
        // Values only while the cursor is on the chart: at rest the legend is the key (no rows of "—").
        setLegend: [(u) => showLegendValues(u)],
      },
      width,
      height,
      cursor: { drag: { x: true, y: false } },
      legend: { live: true },
      scales: {
        x: bars ? { time: true, range: (_u, min, max) => [min - halfBar, max + halfBar] } : { time: true },
        y: { range: (_u, _min, max) => [0, niceMax(max)] },
      },
      axes: [
        bars
          ? // One label per bar (a day), thinned to fit: never hours between days.
            {
              stroke: axis,
              grid: { stroke: grid, width: 1 },
              ticks: { stroke: grid },
              splits: () => {
                const xs = data[0] as number[];
                const every = Math.max(1, Math.ceil(xs.length / Math.max(1, Math.floor(width / 70))));
                return xs.filter((_, i) => i % every === 0);
              },
              values: (_u, splits) => splits.map((s) => new Date(s * 1000).toLocaleDateString(undefined, { month: 'numeric', day: 'numeric' })),
            }
          : { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
        { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 70, values: (_u, vals) => vals.map((v) => fmt(v, tickUnit(unit))) },
      ],
      series: [
        {},
        ...series.map((s, si) => ({
          label: s.label,
          stroke: s.color,
          width: bars ? 0 : 1.5,
          fill: s.fill,
          points: { show: false },
          ...(bars ? { paths: uPlot.paths.bars!({ size: [0.7, 48], align: 0 }) } : {}),
          value: (_u: uPlot, v: number | null, _si: number, i: number | null) =>
            fmt(raws[si] && i !== null ? (raws[si]![i] ?? null) : v, unit),
        })),
      ],
    };
    let plot: uPlot | null = null;
    try {
      plot = new uPlot(opts, gapped, el);
      showLegendValues(plot);
    } catch {
      // no canvas (tests): the title and legend-less box remain
    }
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => plot?.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro?.observe(el);
    return () => {
      ro?.disconnect();
      plot?.destroy();
    };
  }, [data, series, unit, height, onDrawn, bars]);

  return (
    <figure className="chart card">
      <figcaption>{props.title}</figcaption>
      <div ref={box} className="chart-box" />
    </figure>
  );
}
