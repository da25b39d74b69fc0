// Performance review: the engine's own health and the fleet's states over time, from the store's
// rollups. Charts are uPlot (canvas): a 30-day range draws in milliseconds.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type uPlot from 'uplot';
import type { AgentShare, MetricsRange, MetricsReport } from '../../../shared/domain.js';
import { EmptyState } from '../components/EmptyState.js';
import { errorMessage } from '../lib/format.js';
import { stackByState } from '../lib/stack.js';
import { STATE_META } from '../lib/states.js';
import { useAppState, useServices } from '../state/context.js';
import { Chart, cssVar, type ChartSeries } from './Chart.js';
import { plural } from '../lib/format.js';

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

const SERIES_COLORS = ['--accent', '--state-busy', '--state-waiting', '--state-idle', '--state-rate_limited'];

export function Performance() {
  const { api, bridge } = useServices();
  const theme = useAppState((s) => s.settings?.theme ?? 'system');
  const [range, setRange] = useState<MetricsRange>('1h');
  const [report, setReport] = useState<MetricsReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [timing, setTiming] = useState<{ range: MetricsRange; fetchMs: number; drawMs: number | null } | null>(null);
  const lastLive = useRef(0);
  const onDrawn = useCallback((ms: number) => setTiming((t) => (t ? { ...t, drawMs: ms } : t)), []);

  const load = useCallback(
    (r: MetricsRange) => {
      const asked = performance.now();
      api.getMetrics({ range: r }).then(
        (rep) => {
          setError(null);
          setReport(rep);
          setTiming({ range: r, fetchMs: performance.now() - asked, drawMs: null });
        },
        (err: unknown) => setError(errorMessage(err)),
      );
    },
    [api],
  );

  useEffect(() => {
    setReport(null);
    setTiming(null);
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
    <section className="view performance">
      <header className="view-head">
        <h1>Performance</h1>
        <div className="toolbar">
          <div className="segmented" role="group" aria-label="Range">
            {RANGES.map((r) => (
              <button key={r} type="button" className={r === range ? 'on' : ''} aria-pressed={r === range} onClick={() => setRange(r)}>
                {r}
              </button>
            ))}
          </div>
          {timing?.drawMs != null && (
            <span className="muted small" data-range={timing.range} title="Time to fetch the rollups, then to draw every chart">
              fetched in {Math.round(timing.fetchMs)} ms · drawn in {Math.round(timing.drawMs)} ms
            </span>
          )}
        </div>
      </header>
      {error ? (
        <EmptyState tone="error" icon="!" title="Metrics unavailable">
          {error}
        </EmptyState>
      ) : !report ? (
        <div className="loading">Loading {RANGE_LABEL[range]} of metrics…</div>
      ) : (
        <Charts key={`${range}-${theme}`} report={report} onDrawn={onDrawn} />
      )}
    </section>
  );
}

function Charts(props: { report: MetricsReport; onDrawn: (ms: number) => void }) {
  const { report, onDrawn } = props;
  const started = useRef(performance.now());
  const total = useRef(0);
  const pending = useRef(report.series.length + (report.byState.length ? 1 : 0));
  const drawn = useCallback(
    (_ms: number) => {
      total.current += 1;
      if (total.current === pending.current) onDrawn(performance.now() - started.current);
    },
    [onDrawn],
  );
  const lines = useMemo(
    () =>
      report.series.map((s, i) => ({
        s,
        data: [s.points.map((p) => p[0] / 1000), s.points.map((p) => p[1])] as uPlot.AlignedData,
        series: [{ label: seriesTitle(s.name), color: cssVar(SERIES_COLORS[i % SERIES_COLORS.length]!, '#4a8') }],
      })),
    [report],
  );
  const stacked = useMemo(() => {
    const { data, layers } = stackByState(report.byState);
    const series: ChartSeries[] = layers.map((l) => {
      const color = cssVar(`--state-${l.state}`, '#888');
      return { label: STATE_META[l.state].label, color, fill: color, raw: l.raw };
    });
    return { data, series };
  }, [report]);
  // The table of shares mounts after the charts have painted: the charts come first.
  const [showShares, setShowShares] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setShowShares(true), 0);
    return () => clearTimeout(t);
  }, []);
  const empty = !report.series.some((s) => s.points.length) && !report.byState.some((s) => s.points.length);

  if (empty) {
    return (
      <EmptyState icon="∿" title="No data for this range yet">
        Metrics are recorded while the monitor runs; come back after it has watched your agents for a while.
      </EmptyState>
    );
  }
  return (
    <div className="charts">
      {report.byState.length > 0 && (
        <div className="chart-wide">
          <Chart title="Agents by state" unit="" data={stacked.data} series={stacked.series} height={220} onDrawn={drawn} />
        </div>
      )}
      {lines.map((l) => (
        <Chart key={l.s.name} title={`${seriesTitle(l.s.name)} (${l.s.unit})`} unit={l.s.unit} data={l.data} series={l.series} onDrawn={drawn} />
      ))}
      <div className="chart-wide">{showShares && <Shares shares={report.shares} />}</div>
    </div>
  );
}

/** Busy/idle share per agent per day: a small stacked bar per cell. */
const MAX_SHARE_ROWS = 100;

function Shares({ shares }: { shares: AgentShare[] }) {
  const { days, rows } = useMemo(() => {
    const days = [...new Set(shares.map((s) => s.day))].sort((a, b) => a - b).slice(-31);
    const byAgent = new Map<string, Map<number, AgentShare>>();
    for (const s of shares) {
      let m = byAgent.get(s.agent);
      if (!m) byAgent.set(s.agent, (m = new Map()));
      m.set(s.day, s);
    }
    const rows = [...byAgent.entries()].map(([agent, m]) => {
      let busy = 0;
      let all = 0;
      for (const s of m.values()) {
        busy += s.busyMs;
        all += s.busyMs + s.idleMs + s.otherMs;
      }
      return { agent, m, busyShare: all ? busy / all : 0 };
    });
    rows.sort((a, b) => b.busyShare - a.busyShare);
    return { days, rows };
  }, [shares]);

  return (
    <figure className="card shares">
      <figcaption>
        Busy / idle share per agent per day{' '}
        <span className="legend small">
          <i className="sw sw-busy" /> busy <i className="sw sw-idle" /> idle <i className="sw sw-other" /> other
        </span>
      </figcaption>
      {rows.length === 0 ? (
        <p className="muted">No per-agent data for this range yet.</p>
      ) : (
        <div className="shares-scroll">
          <table>
            <thead>
              <tr>
                <th>Agent</th>
                <th>Busy</th>
                {days.map((d) => (
                  <th key={d} className="day">
                    {new Date(d).getDate()}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, MAX_SHARE_ROWS).map((r) => (
                <tr key={r.agent}>
                  <td className="mono">{r.agent}</td>
                  <td className="mono">{Math.round(r.busyShare * 100)}%</td>
                  {days.map((d) => {
                    const s = r.m.get(d);
                    const all = s ? s.busyMs + s.idleMs + s.otherMs : 0;
                    if (!s || !all) return <td key={d} className="day" />;
                    const pct = (v: number) => `${(v / all) * 100}%`;
                    return (
                      <td key={d} className="day" title={`${new Date(d).toDateString()}: busy ${Math.round((s.busyMs / all) * 100)}%, idle ${Math.round((s.idleMs / all) * 100)}%`}>
                        <span className="cell">
                          <i className="sw-busy" style={{ height: pct(s.busyMs) }} />
                          <i className="sw-idle" style={{ height: pct(s.idleMs) }} />
                          <i className="sw-other" style={{ height: pct(s.otherMs) }} />
                        </span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > MAX_SHARE_ROWS && <p className="muted small">and {plural(rows.length - MAX_SHARE_ROWS, 'more agent')}</p>}
        </div>
      )}
    </figure>
  );
}
