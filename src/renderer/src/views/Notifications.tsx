// The inbox: open problems first (an agent still waiting, rate limited, crashed, …), then the
// history; filters (kind, agent, open, unread), mark read, click opens the agent.
import { useMemo, useState } from 'react';
import type { NotificationRecord } from '../../../shared/domain.js';
import { NOTIFICATION_KINDS, type NotificationKind } from '../../../shared/vocabulary.js';
import { EmptyState } from '../components/EmptyState.js';
import { StateBadge } from '../components/StateBadge.js';
import { errorMessage, formatAgo, formatDuration, formatTime } from '../lib/format.js';
import { useNow } from '../lib/hooks.js';
import { setSound, soundOn } from '../lib/alerts.js';
import { openAgent } from '../lib/route.js';
import { KIND_LABEL, KIND_STATE } from '../lib/states.js';
import { useAppState, useServices } from '../state/context.js';
import { isOpenProblem } from '../state/store.js';

export interface NotificationFilter {
  kind: NotificationKind | '';
  agent: string;
  unread: boolean;
  open?: boolean;
}

const about = (n: NotificationRecord, agent: string) => n.agent === agent || n.members.some((m) => m.agent === agent);

/** Filtered, open problems first (oldest open first: it has waited longest), then the rest newest first. */
export function filterNotifications(list: readonly NotificationRecord[], f: NotificationFilter): NotificationRecord[] {
  const shown = list.filter(
    (n) => (!f.kind || n.kind === f.kind) && (!f.agent || about(n, f.agent)) && (!f.unread || n.readAt === null) && (!f.open || isOpenProblem(n)),
  );
  const open = shown.filter(isOpenProblem).sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  return [...open, ...shown.filter((n) => !isOpenProblem(n))];
}

/** "open 4m 10s" while the problem lasts; "ended after 2m" once it is over; nothing for news. */
export function problemLabel(n: NotificationRecord, now: number): string | null {
  if (isOpenProblem(n)) return `open ${formatDuration(now - n.createdAt)}`;
  if (n.resolvedAt !== null) return `ended after ${formatDuration(n.resolvedAt - n.createdAt)}`;
  return null;
}

/** The text, led by who it is about — unless the text already starts with that name; a group's text leads with its count. */
function noteText(n: NotificationRecord) {
  const count = n.members.length > 1 ? /^\d+ agents\b/.exec(n.text)?.[0] : undefined;
  if (count) return <><b>{count}</b>{n.text.slice(count.length)}</>;
  const who = n.agent ?? n.team ?? 'Engine';
  if (n.text.startsWith(who)) return <><b>{who}</b>{n.text.slice(who.length)}</>;
  return <><b>{who}</b> {n.text}</>;
}

/** Web only: ask for Web Notifications on a click (never on load), and the sound toggle. */
function BrowserAlertControls() {
  const [permission, setPermission] = useState(() => ('Notification' in window ? Notification.permission : 'unsupported'));
  const [sound, setSoundState] = useState(soundOn);
  if (permission === 'unsupported') return null;
  return (
    <>
      {permission === 'default' && (
        <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
          Turn on browser alerts
        </button>
      )}
      {permission === 'denied' && <span className="muted small">Browser alerts are blocked for this page</span>}
      {permission === 'granted' && (
        <label className="inline">
          <input
            type="checkbox"
            checked={sound}
            onChange={(e) => {
              setSound(e.target.checked);
              setSoundState(e.target.checked);
            }}
          />{' '}
          Sound
        </label>
      )}
    </>
  );
}

export function Notifications() {
  const { api, store, bridge } = useServices();
  const all = useAppState((s) => s.notifications);
  const agents = useAppState((s) => s.agents);
  const now = useNow(10_000);
  const [filter, setFilter] = useState<NotificationFilter>({ kind: '', agent: '', unread: false, open: false });
  const [error, setError] = useState<string | null>(null);
  const shown = useMemo(() => filterNotifications(all, filter), [all, filter]);
  const names = useMemo(() => [...new Set(all.flatMap((n) => (n.members.length ? n.members.map((m) => m.agent) : n.agent ? [n.agent] : [])))].sort(), [all]);
  const unread = all.filter((n) => n.readAt === null).length;
  const openCount = all.filter(isOpenProblem).length;

  const markRead = async (ids: number[] | 'all') => {
    setError(null);
    try {
      await api.markRead(ids === 'all' ? { all: true } : { ids });
      store.dispatch({ type: 'markedRead', ids, at: Date.now() });
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const open = (n: NotificationRecord) => {
    if (n.readAt === null) void markRead([n.id]);
    if (n.agentId && agents.has(n.agentId)) openAgent(n.agentId);
  };

  return (
    <section className="view notifications">
      <header className="view-head">
        <h1>
          Notifications <span className="muted small">{openCount} open · {unread} unread</span>
        </h1>
        <div className="toolbar">
          <select aria-label="Kind" value={filter.kind} onChange={(e) => setFilter({ ...filter, kind: e.target.value as NotificationKind | '' })}>
            <option value="">All kinds</option>
            {NOTIFICATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
          <select aria-label="Agent" value={filter.agent} onChange={(e) => setFilter({ ...filter, agent: e.target.value })}>
            <option value="">All agents</option>
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <label className="inline">
            <input type="checkbox" checked={!!filter.open} onChange={(e) => setFilter({ ...filter, open: e.target.checked })} /> Open only
          </label>
          <label className="inline">
            <input type="checkbox" checked={filter.unread} onChange={(e) => setFilter({ ...filter, unread: e.target.checked })} /> Unread only
          </label>
          {bridge.kind === 'web' && <BrowserAlertControls />}
          <button type="button" onClick={() => void markRead('all')} disabled={!unread}>
            Mark all read
          </button>
        </div>
      </header>
      {error && (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      )}
      {all.length === 0 ? (
        <EmptyState icon="◉" title="No notifications yet">
          You are told here (and on the desktop) when an agent goes idle, needs a decision, leaves text unsent, hits a usage limit or crashes.
        </EmptyState>
      ) : shown.length === 0 ? (
        <EmptyState icon="⌕" title="Nothing matches these filters" />
      ) : (
        <ul className="nlist">
          {shown.map((n) => (
            <li key={n.id} className={`${n.readAt === null ? 'unread' : ''} ${isOpenProblem(n) ? 'open-problem' : ''}`}>
              <button type="button" className="nitem" onClick={() => open(n)} title={n.agentId ? 'Open the agent' : undefined}>
                <span className="unread-dot" aria-label={n.readAt === null ? 'unread' : 'read'} />
                <StateBadge state={KIND_STATE[n.kind]} label={KIND_LABEL[n.kind]} />
                <span className="ntext">
                  {noteText(n)}
                </span>
                <span className={`small nstatus ${isOpenProblem(n) ? 'nstatus-open' : 'muted'}`} title={isOpenProblem(n) ? `since ${formatTime(n.createdAt, now)}` : undefined}>
                  {problemLabel(n, now)}
                </span>
                {/* An open problem's age is its "open" time: when it began is in the tooltip, not said twice. */}
                <span className="muted small ntime" title={formatTime(n.createdAt, now)}>
                  {isOpenProblem(n) ? '' : formatAgo(n.createdAt, now)}
                </span>
              </button>
              {n.readAt === null && (
                <button type="button" className="linkish small" onClick={() => void markRead([n.id])}>
                  Mark read
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
