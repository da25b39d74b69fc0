import type { View } from '../lib/route.js';
import { routeHash } from '../lib/route.js';
import { useAppState } from '../state/context.js';
import { attentionCount, openNotificationCount } from '../state/store.js';
import { plural } from '../lib/format.js';

const NAV: { view: View; label: string; icon: string; key: string }[] = [
  { view: 'agents', label: 'Agents', icon: '▦', key: 'g a' },
  { view: 'spawn', label: 'Spawn', icon: '+', key: 'n' },
  { view: 'notifications', label: 'Notifications', icon: '◉', key: 'g n' },
  { view: 'performance', label: 'Performance', icon: '∿', key: 'g p' },
  { view: 'schedules', label: 'Schedules', icon: '◷', key: 'g c' },
  { view: 'settings', label: 'Settings', icon: '⚙', key: 'g s' },
];

export function Sidebar(props: { view: View; onHelp: () => void }) {
  const total = useAppState((s) => s.agents.size);
  const attention = useAppState(attentionCount);
  const open = useAppState(openNotificationCount);
  const status = useAppState((s) => s.status);
  const connection = useAppState((s) => s.connection);
  const counts: Partial<Record<View, { n: number; label: string; alert?: boolean }[]>> = {
    agents: [
      ...(attention ? [{ n: attention, label: `${attention} need attention`, alert: true }] : []),
      { n: total, label: plural(total, 'agent') },
    ],
    // Open problems, not unread lines: a read question is still a question.
    notifications: open ? [{ n: open, label: `${open} open ${open === 1 ? 'problem' : 'problems'}`, alert: true }] : [],
  };
  return (
    <nav className="sidebar" aria-label="Views">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◧
        </span>
        <span>Tmux Orchestrator</span>
      </div>
      <ul>
        {NAV.map((item) => (
          <li key={item.view}>
            <a
              href={routeHash(item.view)}
              className={props.view === item.view ? 'active' : ''}
              aria-current={props.view === item.view ? 'page' : undefined}
              title={`${item.label} (${item.key})`}
            >
              <span className="nav-icon" aria-hidden="true">
                {item.icon}
              </span>
              <span className="nav-label">{item.label}</span>
              {counts[item.view]?.map((c) => (
                <span key={c.label} className={`count ${c.alert ? 'count-alert' : ''}`} aria-label={c.label} title={c.label}>
                  {c.n}
                </span>
              ))}
            </a>
          </li>
        ))}
      </ul>
      <div className="sidebar-foot">
        <div className={`conn conn-${connection}`}>
          <span className="dot" aria-hidden="true" />
          {connection === 'open' ? 'Connected' : connection === 'connecting' ? 'Connecting…' : connection === 'unauthorized' ? 'Token refused' : 'Reconnecting…'}
        </div>
        {connection === 'open' && status?.hosts.map((h) => (
          <div key={h.host} className={`host host-${h.status}`} title={h.message}>
            <span className="dot" aria-hidden="true" />
            {h.host}: {h.status.replace('_', ' ')}
          </div>
        ))}
        {status && !status.monitoring && <div className="host host-error">Monitoring paused</div>}
        <button type="button" className="linkish" onClick={props.onHelp}>
          Keyboard shortcuts <kbd>?</kbd>
        </button>
        {status && <div className="muted small">v{status.version}</div>}
      </div>
    </nav>
  );
}
