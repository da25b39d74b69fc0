// PM reports: a team's notifications batched into one message for the team's PM agent,
// delivered only while the PM is idle (queued while it works), through an injected `deliver`
// (the actions layer's sendMessage; in tests, keys typed into the PM's real pane).
import type { AgentInfo } from '../../shared/domain.js';
import type { RuleNotification } from './rules.js';
import { formatClock, groupText } from './rules.js';

export type Deliver = (pmAgentId: string, text: string) => Promise<unknown>;

export interface PmReporterOptions {
  deliver: Deliver;
  /** Lines kept per PM; older ones are dropped and counted (default 50). */
  maxLines?: number;
  /** After a delivery, wait for the PM to change state before the next one, at most this long (default 60 s). */
  settleMs?: number;
  onError?: (message: string) => void;
  /** Whether a team's PM gets reports (settings.pmReportTeams); default every team. */
  enabledFor?: (team: string) => boolean;
  /**
   * Called just before a report is typed into a PM: the PM's work on it is our doing, no news
   * (see NotificationRules.expectSelfInduced). Before, not after: a quick PM may be done before
   * the delivery promise settles.
   */
  beforeDeliver?: (pmAgentId: string, at: number) => void;
}

interface Queue {
  lines: string[];
  dropped: number;
  team: string;
  delivering: boolean;
  /** Epoch ms of the last delivery: the PM must have changed state since (its message is being worked on). */
  deliveredAt: number | null;
}

/** The PM of a team: an agent with role 'pm' (first by target when several). */
export function pmOf(agents: readonly AgentInfo[], team: string): AgentInfo | undefined {
  return agents
    .filter((a) => a.team === team && a.role === 'pm')
    .sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0))[0];
}

export function reportText(team: string, lines: readonly string[], dropped: number): string {
  const count = lines.length + dropped;
  const head = `[tmux-orc] team ${team} report (${count} update${count === 1 ? '' : 's'}):`;
  const more = dropped > 0 ? [`- (${dropped} earlier update${dropped === 1 ? '' : 's'} left out)`] : [];
  return [head, ...more, ...lines.map((l) => `- ${l}`)].join('\n');
}

export class PmReporter {
  private readonly queues = new Map<string, Queue>();
  private readonly maxLines: number;
  private readonly settleMs: number;

  constructor(private readonly opts: PmReporterOptions) {
    this.maxLines = Math.max(1, opts.maxLines ?? 50);
    this.settleMs = opts.settleMs ?? 60_000;
  }

  /**
   * Queue a notification for the PMs of the teams it is about: a grouped one is split by its
   * members' teams, and a PM is never told about itself. True when any PM got a line.
   */
  add(n: RuleNotification, agents: readonly AgentInfo[], now: number): boolean {
    if (n.members.length <= 1) return n.team !== null && this.queueLine(n.team, n.agentId, n.text, n.createdAt, agents, now);
    const byId = new Map(agents.map((a) => [a.id, a]));
    const byTeam = new Map<string, string[]>();
    for (const m of n.members) {
      const team = byId.get(m.agentId)?.team ?? null;
      if (team === null || pmOf(agents, team)?.id === m.agentId) continue;
      const names = byTeam.get(team);
      if (names) names.push(m.agent);
      else byTeam.set(team, [m.agent]);
    }
    let queued = false;
    for (const [team, names] of byTeam) queued = this.queueLine(team, null, groupText(n.kind, names), n.createdAt, agents, now) || queued;
    return queued;
  }

  private queueLine(team: string, subjectId: string | null, text: string, at: number, agents: readonly AgentInfo[], now: number): boolean {
    if (this.opts.enabledFor && !this.opts.enabledFor(team)) return false;
    const pm = pmOf(agents, team);
    if (!pm || pm.id === subjectId) return false;
    let q = this.queues.get(pm.id);
    if (!q) {
      q = { lines: [], dropped: 0, team, delivering: false, deliveredAt: null };
      this.queues.set(pm.id, q);
    }
    q.lines.push(`${formatClock(at, now)} ${text}`);
    while (q.lines.length > this.maxLines) {
      q.lines.shift();
      q.dropped++;
    }
    return true;
  }

  /** Reports waiting, per PM agent id. */
  pending(): Map<string, number> {
    return new Map([...this.queues].map(([id, q]) => [id, q.lines.length + q.dropped]));
  }

  /** Forget a PM that went away (its queue is dropped). */
  forget(pmAgentId: string): void {
    this.queues.delete(pmAgentId);
  }

  /** Deliver every queue whose PM is idle now; resolves when those deliveries settle. */
  async flush(agents: readonly AgentInfo[], now: number): Promise<void> {
    const byId = new Map(agents.map((a) => [a.id, a]));
    const runs: Promise<void>[] = [];
    for (const [pmId, q] of this.queues) {
      const pm = byId.get(pmId);
      if (!pm) {
        this.queues.delete(pmId);
        continue;
      }
      if (q.delivering || q.lines.length + q.dropped === 0 || pm.state !== 'idle') continue;
      if (q.deliveredAt !== null && pm.since <= q.deliveredAt && now - q.deliveredAt < this.settleMs) continue;
      runs.push(this.deliverQueue(pmId, q, now));
    }
    await Promise.all(runs);
  }

  private async deliverQueue(pmId: string, q: Queue, now: number): Promise<void> {
    const lines = q.lines.splice(0);
    const dropped = q.dropped;
    q.dropped = 0;
    q.delivering = true;
    try {
      this.opts.beforeDeliver?.(pmId, now);
      await this.opts.deliver(pmId, reportText(q.team, lines, dropped));
      q.deliveredAt = now;
    } catch (err) {
      // Put the lines back (bounded) for the next time the PM is idle.
      q.lines.unshift(...lines);
      q.dropped += dropped;
      while (q.lines.length > this.maxLines) {
        q.lines.shift();
        q.dropped++;
      }
      this.opts.onError?.(`PM report to ${pmId} failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      q.delivering = false;
    }
  }
}
