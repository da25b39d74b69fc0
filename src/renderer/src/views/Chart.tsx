// A thin uPlot wrapper: fast canvas time series, sized to its box, coloured from the theme.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'react';

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
  /** Told how long the first draw took, in ms. */
  onDrawn?: (ms: number) => void;
}

export const cssVar = (name: string, fallback: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

const fmt = (v: number | null | undefined, unit: string) =>
  v === null || v === undefined ? '—' : `${Math.abs(v) >= 100 ? Math.round(v) : Number(v.toFixed(2))} ${unit}`;

export function Chart(props: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const { data, series, unit, onDrawn } = props;
  const height = props.height ?? 180;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const started = performance.now();
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
      },
      width: Math.max(200, el.clientWidth),
      height,
      cursor: { drag: { x: true, y: false } },
      legend: { live: true },
      scales: { x: { time: true } },
      axes: [
        { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
        { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 70, values: (_u, vals) => vals.map((v) => fmt(v, unit)) },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          fill: s.fill,
          points: { show: false },
          value: (_u: uPlot, v: number | null, _si: number, idx: number | null) =>
            fmt(s.raw && idx !== null ? (s.raw[idx] ?? null) : v, unit),
        })),
      ],
    };
    let plot: uPlot | null = null;
    try {
      plot = new uPlot(opts, data, el);
    } catch {
      // no canvas (tests): the title and legend-less box remain
    }
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => plot?.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro?.observe(el);
    return () => {
      ro?.disconnect();
      plot?.destroy();
    };
  }, [data, series, unit, height, onDrawn]);

  return (
    <figure className="chart card">
      <figcaption>{props.title}</figcaption>
      <div ref={box} className="chart-box" />
    </figure>
  );
}
