// What the tray shows, as data: tooltip, badge and menu from the agent list. Pure, so the
// Electron Tray (tray.ts) only renders it.
import type { AgentInfo } from '../shared/domain.js';
import { ATTENTION_STATES, type AgentState } from '../shared/vocabulary.js';

export type TrayAction = 'open' | 'pause' | 'resume' | 'quit';

export type TrayItem =
  | { kind: 'agent'; agentId: string; label: string }
  | { kind: 'more'; label: string }
  | { kind: 'header'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: TrayAction; label: string };

export interface TrayModel {
  tooltip: string;
  /** Short text beside the icon where the platform shows one ('' when nothing needs you). */
  badge: string;
  /** Agents needing attention: the launcher badge count. */
  attention: number;
  counts: { waiting: number; idle: number; crashed: number };
  items: TrayItem[];
}

/** A menu stays short: beyond this many agents the rest are one "… and N more" item. */
export const MAX_TRAY_AGENTS = 12;
const MAX_LABEL = 60;
export const APP_NAME = 'Tmux Orchestrator';

/** Most urgent first: a dead agent before a question, a question before unsent text. */
const URGENCY: Partial<Record<AgentState, number>> = {
  crashed: 0,
  error: 1,
  waiting: 2,
  unsubmitted: 3,
  rate_limited: 4,
};

const STATE_LABEL: Record<AgentState, string> = {
  starting: 'starting',
  busy: 'busy',
  idle: 'idle',
  waiting: 'waiting',
  unsubmitted: 'unsent text',
  rate_limited: 'usage limit',
  crashed: 'crashed',
  error: 'error',
  unknown: 'unknown',
};

const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

function agentLabel(a: AgentInfo): string {
  const reason = a.reason ? ` (${a.reason})` : '';
  return clip(`${a.name}: ${STATE_LABEL[a.state]}${reason}`.replace(/[\r\n\t]+/g, ' '), MAX_LABEL);
}

function countsOf(agents: readonly AgentInfo[]): TrayModel['counts'] {
  const counts = { waiting: 0, idle: 0, crashed: 0 };
  for (const a of agents) {
    if (a.state === 'waiting') counts.waiting++;
    else if (a.state === 'idle') counts.idle++;
    else if (a.state === 'crashed') counts.crashed++;
  }
  return counts;
}

function tooltipOf(total: number, counts: TrayModel['counts'], monitoring: boolean): string {
  const paused = monitoring ? '' : ' (monitoring paused)';
  if (total === 0) return `${APP_NAME}: no agents${paused}`;
  const parts = [`${counts.waiting} waiting`, `${counts.idle} idle`, `${counts.crashed} crashed`];
  return `${APP_NAME}: ${total} agent${total === 1 ? '' : 's'}: ${parts.join(', ')}${paused}`;
}

export function trayModel(agents: readonly AgentInfo[], opts: { monitoring?: boolean } = {}): TrayModel {
  const monitoring = opts.monitoring ?? true;
  const counts = countsOf(agents);
  const needing = agents
    .filter((a) => ATTENTION_STATES.includes(a.state))
    .sort((a, b) => (URGENCY[a.state] ?? 9) - (URGENCY[b.state] ?? 9) || a.since - b.since || a.name.localeCompare(b.name));
  const items: TrayItem[] = [];
  if (needing.length > 0) {
    items.push({ kind: 'header', label: `Needs attention (${needing.length})` });
    for (const a of needing.slice(0, MAX_TRAY_AGENTS)) items.push({ kind: 'agent', agentId: a.id, label: agentLabel(a) });
    if (needing.length > MAX_TRAY_AGENTS) items.push({ kind: 'more', label: `… and ${needing.length - MAX_TRAY_AGENTS} more` });
  } else {
    items.push({ kind: 'header', label: agents.length ? 'No agent needs attention' : 'No agents' });
  }
  items.push(
    { kind: 'separator' },
    { kind: 'action', action: 'open', label: `Open ${APP_NAME}` },
    monitoring
      ? { kind: 'action', action: 'pause', label: 'Pause monitoring' }
      : { kind: 'action', action: 'resume', label: 'Resume monitoring' },
    { kind: 'separator' },
    { kind: 'action', action: 'quit', label: 'Quit' },
  );
  return {
    tooltip: tooltipOf(agents.length, counts, monitoring),
    badge: needing.length ? String(needing.length) : '',
    attention: needing.length,
    counts,
    items,
  };
}
