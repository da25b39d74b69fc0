// Engine health: the engine's own CPU, memory, reconcile time and transition latency from the
// store's rollups, on a tab of its own (the review is about the agents, this is about us).
// Charts are uPlot (canvas): a 30-day range draws in milliseconds.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type uPlot from 'uplot';
import type { MetricsRange, MetricsReport } from '../../../../shared/domain.js';
import { EmptyState } from '../../components/EmptyState.js';
import { errorMessage } from '../../lib/format.js';
import { useAppState, useServices } from '../../state/context.js';
import { Chart, cssVar } from '../Chart.js';
import { useDrawn } from './drawn.js';

const RANGES: MetricsRange[] = ['1h', '24h', '7d', '30d'];
const RANGE_LABEL: Record<MetricsRange, string> = { '1h': '1 hour', '24h': '24 hours', '7d': '7 days', '30d': '30 days' };
/** Live refresh of the 1 h view on metric ticks, at most this often. */
const LIVE_REFRESH_MS = 10_000;

/** Friendly titles for the engine's series names (unknown names are shown as they come). */
const TITLES: [RegExp, string][] = [
  [/reconcile/i, 'Monitor reconcile time'],
  [/latency|transition/i, 'Transition latency'],
  [/cpu/i, 'Engine CPU'],
  [/rss|mem/i, 'Engine memory'],
  [/^agents$/, 'Agents watched'],
];
export const seriesTitle = (name: string) => TITLES.find(([re]) => re.test(name))?.[1] ?? name;

const SERIES_COLORS = ['--accent', '--state-idle', '--state-unsubmitted', '--state-rate_limited', '--state-error'];

export function EngineHealth() {
  const { api, bridge } = useServices();
  const theme = useAppState((s) => s.settings?.theme ?? 'system');
  const [range, setRange] = useState<MetricsRange>('1h');
  const [report, setReport] = useState<MetricsReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lastLive = useRef(0);

  const load = useCallback(
    (r: MetricsRange) => {
      api.getMetrics({ range: r }).then(
        (rep) => {
          setError(null);
          setReport(rep);
        },
        (err: unknown) => setError(errorMessage(err)),
      );
    },
    [api],
  );

  useEffect(() => {
    setReport(null);
    load(range);
  }, [range, load]);

  useEffect(() => {
    if (range !== '1h') return;
    return bridge.onEvent((e) => {
      if (e.type !== 'metricsTick' || Date.now() - lastLive.current < LIVE_REFRESH_MS) return;
      lastLive.current = Date.now();
      load('1h');
    });
  }, [bridge, range, load]);

  return (
    <>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Range">
          {RANGES.map((r) => (
            <button key={r} type="button" className={r === range ? 'on' : ''} aria-pressed={r === range} onClick={() => setRange(r)}>
              {r}
            </button>
          ))}
        </div>
      </div>
      {error ? (
        <EmptyState tone="error" icon="!" title="Metrics unavailable">
          {error}
        </EmptyState>
      ) : !report ? (
        <div className="loading">Loading {RANGE_LABEL[range]} of metrics…</div>
      ) : (
        <Charts key={`${range}-${theme}`} report={report} />
      )}
    </>
  );
}

function Charts({ report }: { report: MetricsReport }) {
  const lines = useMemo(
    () =>
      report.series.map((s, i) => ({
        s,
        data: [s.points.map((p) => p[0] / 1000), s.points.map((p) => p[1])] as uPlot.AlignedData,
        series: [{ label: seriesTitle(s.name), color: cssVar(SERIES_COLORS[i % SERIES_COLORS.length]!, '#4a8') }],
      })),
    [report],
  );
  const { drawn, ref } = useDrawn(lines.length);
  if (!report.series.some((s) => s.points.length)) {
    return (
      <EmptyState icon="∿" title="No data for this range yet">
        Metrics are recorded while the monitor runs; come back after it has watched your agents for a while.
      </EmptyState>
    );
  }
  return (
    <div className="charts" ref={ref}>
      {lines.map((l) => (
        <Chart key={l.s.name} title={`${seriesTitle(l.s.name)} (${l.s.unit})`} unit={l.s.unit} data={l.data} series={l.series} onDrawn={drawn} />
      ))}
    </div>
  );
}
