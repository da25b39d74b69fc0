// PM reports: a team's notifications batched into one message for the team's PM agent,
// delivered only while the PM is idle (queued while it works), through an injected `deliver`
// (the actions layer's sendMessage; in tests, keys typed into the PM's real pane).
import type { AgentInfo } from '../../shared/domain.js';
import type { RuleNotification } from './rules.js';
import { formatClock } from './rules.js';

export type Deliver = (pmAgentId: string, text: string) => Promise<unknown>;

export interface PmReporterOptions {
  deliver: Deliver;
  /** Lines kept per PM; older ones are dropped and counted (default 50). */
  maxLines?: number;
  /** After a delivery, wait for the PM to change state before the next one, at most this long (default 60 s). */
  settleMs?: number;
  onError?: (message: string) => void;
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

  /** Queue a notification for its team's PM; true when queued (the team has a PM, not the subject itself). */
  add(n: RuleNotification, agents: readonly AgentInfo[], now: number): boolean {
    if (n.team === null) return false;
    const pm = pmOf(agents, n.team);
    if (!pm || pm.id === n.agentId) return false;
    let q = this.queues.get(pm.id);
    if (!q) {
      q = { lines: [], dropped: 0, team: n.team, delivering: false, deliveredAt: null };
      this.queues.set(pm.id, q);
    }
    q.lines.push(`${formatClock(n.createdAt, now)} ${n.text}`);
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
