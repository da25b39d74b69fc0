// One-shot state of every agent, for `tmux-orc list`: list panes, capture every agent in one
// pipelined batch, classify, done — no loop, no history. Without an output history, the quiet
// time of a pane is estimated from its window's last activity (`window_activity`).
import type { AgentInfo } from '../../shared/domain.js';
import { DEFAULT_SETTINGS } from '../../shared/settings.js';
import type { AgentType } from '../../shared/vocabulary.js';
import { classifyScreen, isShell, type Classification, programUnderShell, startsThroughShell, agentsFromListing, listPaneFacts } from '../agents/index.js';
import { activityLatestMs, type TmuxConnection } from '../tmux/index.js';
import { captureBatch, lastLineOf, type PaneSnapshot } from './capture.js';
import { LOCAL_HOST } from '../../shared/hosts.js';

export interface SnapshotOptions {
  host?: string;
  quietMs?: number;
  now?: number;
}

/**
 * Classify one captured pane through `type`'s profile (the monitor, `list` and the actions' looks).
 * `panePid` (local panes only): when a shell is in front of a pane started through a shell, the
 * process tree says whether the agent still runs below it (then it is the current command).
 */
export function classifyPane(
  type: AgentType,
  snap: Pick<PaneSnapshot, 'screen' | 'command' | 'dead' | 'deadStatus'>,
  o: { quietMs: number; quietThresholdMs: number; now: number; startCommand?: string; panePid?: number },
): Classification {
  let command = snap.command;
  if (o.panePid && !snap.dead && isShell(command) && startsThroughShell(o.startCommand)) command = programUnderShell(o.panePid) ?? command;
  return classifyScreen(type, snap.screen, {
    currentCommand: command,
    dead: snap.dead,
    deadStatus: snap.deadStatus,
    quietMs: Math.max(0, o.quietMs),
    quietThresholdMs: o.quietThresholdMs,
    now: o.now,
    startCommand: o.startCommand,
  });
}

/** Every agent on the server with its current state, sorted by target. */
export async function snapshotOnce(conn: Pick<TmuxConnection, 'runAll' | 'runSettled'>, opts: SnapshotOptions = {}): Promise<AgentInfo[]> {
  const host = opts.host ?? LOCAL_HOST;
  const quietThresholdMs = opts.quietMs ?? DEFAULT_SETTINGS.quietMs;
  const listing = await listPaneFacts(conn);
  const extras = listing.extras;
  const now = opts.now ?? Date.now();
  const agents = agentsFromListing(listing, host, now);
  const snaps = await captureBatch(conn, agents.map((a) => a.paneId));
  const out: AgentInfo[] = [];
  for (const a of agents) {
    const snap = snaps.get(a.paneId);
    if (!snap) continue; // gone between the listing and the capture
    const ex = extras.get(a.paneId);
    const activity = ex?.activityMs ?? 0;
    const c = classifyPane(a.type, snap, { quietMs: activity > 0 ? now - activityLatestMs(activity, now) : Number.MAX_SAFE_INTEGER, quietThresholdMs, now, startCommand: ex?.startCommand, ...(host === LOCAL_HOST ? { panePid: ex?.pid } : {}) });
    const since = c.state === 'idle' && activity > 0 ? Math.min(now, activity) : now;
    // With no history, a prompt is taken to have appeared with the pane's last output (window_activity is in whole seconds: the latest it can be).
    const prompt = c.prompt ? { ...c.prompt, since: activity > 0 ? Math.min(now, activity + 1000) : now } : null;
    out.push({ ...a, state: c.state, reason: c.reason, resetAt: c.resetAt, since, lastLine: lastLineOf(snap.screen), command: snap.command || a.command, ...(prompt ? { prompt } : {}) });
  }
  return out.sort(byTarget);
}

// One collator for every comparison: localeCompare with options builds one per call.
const targetOrder = new Intl.Collator('en', { numeric: true });

/** `s:2.0` before `s:10.0`. */
export function byTarget(x: AgentInfo, y: AgentInfo): number {
  return targetOrder.compare(x.target, y.target);
}
