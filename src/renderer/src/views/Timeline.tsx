import { useEffect, useState } from 'react';
import type { StateTransition } from '../../../shared/domain.js';
import { StateBadge } from '../components/StateBadge.js';
import { errorMessage, formatDuration, formatTime } from '../lib/format.js';
import { useServices } from '../state/context.js';

/** Transitions kept on screen. */
const MAX_ROWS = 300;

/** The agent's state history: the stored timeline, then live transitions from events. */
export function Timeline(props: { agentId: string }) {
  const { api, bridge } = useServices();
  const [rows, setRows] = useState<StateTransition[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    setRows(null);
    api.getTimeline({ target: props.agentId, limit: MAX_ROWS }).then(
      (list) => alive && setRows([...list].sort((a, b) => b.at - a.at)),
      (err: unknown) => alive && setError(errorMessage(err)),
    );
    const off = bridge.onEvent((e) => {
      if (e.type !== 'agentChanged' || e.agent.id !== props.agentId || !e.transition) return;
      const t = e.transition;
      setRows((cur) => [t, ...(cur ?? []).filter((x) => !(x.at === t.at && x.to === t.to))].slice(0, MAX_ROWS));
    });
    return () => {
      alive = false;
      off();
    };
  }, [api, bridge, props.agentId]);

  if (error) return <p className="error-text">Timeline unavailable: {error}</p>;
  if (!rows) return <p className="muted">Loading timeline…</p>;
  if (!rows.length) return <p className="muted">No transitions recorded yet.</p>;
  return (
    <ol className="timeline">
      {rows.map((t, i) => {
        const until = i === 0 ? null : rows[i - 1]!.at;
        return (
          <li key={`${t.at}-${t.to}-${i}`}>
            <span className="mono small muted tl-time">{formatTime(t.at)}</span>
            <StateBadge state={t.to} />
            <span className="small muted">
              from {t.from}
              {until !== null && ` · lasted ${formatDuration(until - t.at)}`}
            </span>
            {t.reason && <span className="tl-reason small">{t.reason}</span>}
          </li>
        );
      })}
    </ol>
  );
}
