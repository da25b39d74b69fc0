// The performance review for the person: how long agents waited on you (per agent, team and
// day), hours lost to usage limits, crashes and restarts, busy share per team; the fleet by state
// over time; a CSV export of the same rows `tmux-orc review --csv` prints.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import type { MetricsRange, MetricsReport, PerformanceReview, ReviewRange, ReviewTimes } from '../../../../shared/domain.js';
import { isoDay, reviewCsv } from '../../../../shared/review-csv.js';
import { EmptyState } from '../../components/EmptyState.js';
import { errorMessage, formatHours, plural } from '../../lib/format.js';
import { stackByState } from '../../lib/stack.js';
import { STATE_META } from '../../lib/states.js';
import { useAppState, useServices } from '../../state/context.js';
import { Chart, cssVar, type ChartSeries } from '../Chart.js';
import { useDrawn } from './drawn.js';

const RANGES: { id: ReviewRange; label: string; metrics: MetricsRange }[] = [
  { id: '1d', label: 'Today', metrics: '24h' },
  { id: '7d', label: '7 days', metrics: '7d' },
  { id: '30d', label: '30 days', metrics: '30d' },
];
const MAX_AGENT_ROWS = 100;
const HOUR_MS = 3_600_000;

const waited = (t: ReviewTimes) => t.waitingMs + t.unsentMs;
const busyShare = (t: ReviewTimes) => (t.totalMs > 0 ? t.busyMs / t.totalMs : 0);

export function Review() {
  const { api } = useServices();
  const theme = useAppState((s) => s.settings?.theme ?? 'system');
  const [range, setRange] = useState<ReviewRange>('7d');
  const [review, setReview] = useState<PerformanceReview | null>(null);
  const [metrics, setMetrics] = useState<MetricsReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setReview(null);
    setMetrics(null);
    const metricsRange = RANGES.find((r) => r.id === range)!.metrics;
    Promise.all([api.getReview({ range }), api.getMetrics({ range: metricsRange })]).then(
      ([rev, met]) => {
        if (!live) return;
        setError(null);
        setReview(rev);
        setMetrics(met);
      },
      (err: unknown) => live && setError(errorMessage(err)),
    );
    return () => {
      live = false;
    };
  }, [api, range]);

  const exportCsv = useCallback(() => {
    if (!review) return;
    const url = URL.createObjectURL(new Blob([reviewCsv(review)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `tmux-orc-review-${range}-${isoDay(review.to)}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }, [review, range]);

  return (
    <>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Range">
          {RANGES.map((r) => (
            <button key={r.id} type="button" className={r.id === range ? 'on' : ''} aria-pressed={r.id === range} onClick={() => setRange(r.id)}>
              {r.label}
            </button>
          ))}
        </div>
        <button type="button" onClick={exportCsv} disabled={!review || review.rows.length === 0}>
          Export CSV
        </button>
      </div>
      {error ? (
        <EmptyState tone="error" icon="!" title="Review unavailable">
          {error}
        </EmptyState>
      ) : !review || !metrics ? (
        <div className="loading">Loading the review…</div>
      ) : review.rows.length === 0 ? (
        <EmptyState icon="∿" title="Nothing to review for this range yet">
          The monitor records how your agents spend their time while it watches them; come back after it has run for a while.
        </EmptyState>
      ) : (
        <ReviewBody key={`${range}-${theme}`} review={review} metrics={metrics} />
      )}
    </>
  );
}

function ReviewBody({ review, metrics }: { review: PerformanceReview; metrics: MetricsReport }) {
  const total = useMemo(() => {
    const t = { waited: 0, limited: 0, crashes: 0, restarts: 0, busy: 0, all: 0 };
    for (const a of review.agents) {
      t.waited += waited(a);
      t.limited += a.rateLimitedMs;
      t.crashes += a.crashes;
      t.restarts += a.restarts;
      t.busy += a.busyMs;
      t.all += a.totalMs;
    }
    return t;
  }, [review]);
  const perDay = useMemo(() => {
    // Top layer first (each bar is filled down to zero); a day with no record is a gap, not a 0.
    const layers = [
      { label: 'Down (crashed or error)', state: 'crashed', of: (d: ReviewTimes) => d.downMs },
      { label: 'Rate limited', state: 'rate_limited', of: (d: ReviewTimes) => d.rateLimitedMs },
      { label: 'Waited on you', state: 'waiting', of: waited },
    ] as const;
    const known = review.days.map((d) => d.totalMs > 0);
    const raw = layers.map((l) => review.days.map((d, i) => (known[i] ? l.of(d) / HOUR_MS : null)));
    const cum = raw.map((_, li) => review.days.map((_d, i) => (known[i] ? raw.slice(li).reduce((n, r) => n + (r[i] ?? 0), 0) : null)));
    const series: ChartSeries[] = layers.map((l, li) => {
      const color = cssVar(`--state-${l.state}`, '#888');
      return { label: l.label, color, fill: color, raw: raw[li] };
    });
    return { data: [review.days.map((d) => d.day / 1000), ...cum] as uPlot.AlignedData, series };
  }, [review]);
  const byState = useMemo(() => {
    const { data, layers } = stackByState(metrics.byState);
    const series: ChartSeries[] = layers.map((l) => {
      const color = cssVar(`--state-${l.state}`, '#888');
      return { label: STATE_META[l.state].label, color, fill: color, raw: l.raw };
    });
    // One hourly point is no line yet (a fresh install): the chart waits for a second.
    return { data, series, any: metrics.byState.some((s) => s.points.length > 1) };
  }, [metrics]);
  // One day is no trend: its bar would stand alone in an empty chart, and the tiles say the same.
  const perDayShown = review.days.length > 1;
  const { drawn, ref } = useDrawn((perDayShown ? 1 : 0) + (byState.any ? 1 : 0));

  return (
    <div className="review" ref={ref}>
      {review.truncated && <p className="notice">More history than one review holds: the oldest days are left out.</p>}
      <ul className="tiles" aria-label="Summary">
        <li className="tile">
          <span className="tile-value">{formatHours(total.waited)}</span>
          <span className="tile-label">agents waited on you</span>
        </li>
        <li className="tile">
          <span className="tile-value">{formatHours(total.limited)}</span>
          <span className="tile-label">lost to usage limits</span>
        </li>
        <li className="tile">
          <span className="tile-value">{total.crashes}</span>
          <span className="tile-label">
            {total.crashes === 1 ? 'crash' : 'crashes'}, {plural(total.restarts, 'restart')}
          </span>
        </li>
        <li className="tile">
          <span className="tile-value">{total.all ? Math.round((total.busy / total.all) * 100) : 0}%</span>
          <span className="tile-label">of agent time busy</span>
        </li>
      </ul>
      {(perDayShown || byState.any) && (
        <div className="charts">
          {perDayShown && (
            <div className="chart-wide">
              <Chart title="Hours per day: waited on you, rate limited, down" unit="h" data={perDay.data} series={perDay.series} height={200} bars onDrawn={drawn} />
            </div>
          )}
          {byState.any && (
            <div className="chart-wide">
              <Chart title="Agents by state" unit="" data={byState.data} series={byState.series} height={200} onDrawn={drawn} />
            </div>
          )}
        </div>
      )}
      <TeamsTable review={review} />
      <AgentsTable review={review} />
    </div>
  );
}

function ShareBar({ share }: { share: number }) {
  const pct = Math.round(share * 100);
  return (
    <span className="share">
      <span className="share-bar" aria-hidden="true">
        <i style={{ width: `${pct}%` }} />
      </span>
      {pct}%
    </span>
  );
}

/** The columns both tables share, after their first ones. */
function TimesHead({ down }: { down?: boolean }) {
  return (
    <>
      <th scope="col" className="num">Waited on you</th>
      <th scope="col" className="num">Rate limited</th>
      {down && <th scope="col" className="num">Down</th>}
      <th scope="col">Busy</th>
      <th scope="col" className="num">Crashes</th>
      <th scope="col" className="num">Restarts</th>
    </>
  );
}

function TimesCells({ t, down }: { t: ReviewTimes; down?: boolean }) {
  return (
    <>
      <td className="num">{formatHours(waited(t))}</td>
      <td className="num">{formatHours(t.rateLimitedMs)}</td>
      {down && <td className="num">{formatHours(t.downMs)}</td>}
      <td>
        <ShareBar share={busyShare(t)} />
      </td>
      <td className="num">{t.crashes}</td>
      <td className="num">{t.restarts}</td>
    </>
  );
}

function TeamsTable({ review }: { review: PerformanceReview }) {
  return (
    <figure className="card review-table">
      <figcaption>Per team</figcaption>
      <table>
        <thead>
          <tr>
            <th scope="col">Team</th>
            <th scope="col" className="num">Agents</th>
            <TimesHead />
          </tr>
        </thead>
        <tbody>
          {review.teams.map((t) => (
            <tr key={t.team ?? ''}>
              <td>{t.team ?? <span className="muted">no team</span>}</td>
              <td className="num">{t.agents}</td>
              <TimesCells t={t} />
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function AgentsTable({ review }: { review: PerformanceReview }) {
  const servers = new Set(review.agents.map((a) => a.server)).size;
  return (
    <figure className="card review-table">
      <figcaption>Per agent, most waited-on first</figcaption>
      <table>
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Team</th>
            <TimesHead down />
          </tr>
        </thead>
        <tbody>
          {review.agents.slice(0, MAX_AGENT_ROWS).map((a) => (
            <tr key={`${a.server}\0${a.agent}\0${a.team ?? ''}`}>
              <td className="mono" title={a.server || undefined}>
                {a.agent}
                {servers > 1 && a.server && <span className="muted small"> · {a.server}</span>}
              </td>
              <td>{a.team ?? <span className="muted">–</span>}</td>
              <TimesCells t={a} down />
            </tr>
          ))}
        </tbody>
      </table>
      {review.agents.length > MAX_AGENT_ROWS && (
        <p className="muted small">and {plural(review.agents.length - MAX_AGENT_ROWS, 'more agent')} (all of them are in the CSV)</p>
      )}
    </figure>
  );
}
