// The orchestrator's one way to find agents: the listing across hosts (monitored hosts from
// their monitors, the others from a fresh snapshot) and one resolver for a target.
import { ApiError } from '../../shared/api.js';
import type { AgentInfo } from '../../shared/domain.js';
import { LOCAL_HOST, type Fleet } from '../hosts/index.js';
import { oneShotDirectory, resolveAgent, type PlainPanes } from '../actions/index.js';
import type { Monitor } from '../monitor/index.js';
import { firstVerdict } from '../tmux/index.js';
import { describeServer } from './errors.js';
import type { Server } from './options.js';

export interface AgentLookupDeps {
  /** The current fleet (it is rebuilt when settings move the servers); throws when closed. */
  fleet: () => Fleet;
  /** The monitors this process runs, by host. */
  monitors: ReadonlyMap<string, Monitor>;
  /** Read per snapshot (opening the store while tmux is still attaching: the two overlap). */
  quietMs: () => number;
  now: () => number;
  warn: (message: string) => void;
  server: () => Server;
}

/** A pane that is no agent: as a generic agent, refused as not an agent, or not found ('agents-only': getAgent). */
export type TargetRule = PlainPanes | 'agents-only';

/** How an action's target resolves: what types into a pane needs anyPane to reach a plain one. */
export function targetRuleOf(input: object): PlainPanes {
  return (input as { anyPane?: unknown }).anyPane === false ? 'refuse' : 'generic';
}

export class AgentLookup {
  constructor(private readonly d: AgentLookupDeps) {}

  /** Every agent across hosts. */
  async list(): Promise<AgentInfo[]> {
    const fleet = this.d.fleet();
    const monitored = this.d.monitors.size;
    if (monitored === fleet.hosts().length) return fleet.agents();
    // Some host has no monitor here (one-shot, or monitored by another process): snapshot it.
    const quietMs = this.d.quietMs();
    const snap = await fleet.snapshot({ quietMs, now: this.d.now() });
    // The local tmux unusable (not installed, socket not ours to open) is the answer, not a warning.
    const local = fleet.connection(LOCAL_HOST);
    if (!monitored && local.unusable) throw new ApiError('unavailable', local.unusable);
    for (const u of snap.unreachable) this.d.warn(u.message);
    return monitored ? fleet.agents() : snap.agents;
  }

  /** For actions on agents: with only the local server and none running, say so. */
  async requireServer(): Promise<void> {
    const fleet = this.d.fleet();
    if (fleet.hosts().length > 1) return;
    const conn = fleet.connection(LOCAL_HOST);
    await firstVerdict(conn, 10_000);
    if (conn.status === 'no_server') {
      throw new ApiError('unavailable', `no tmux server is running (${describeServer(this.d.server())}): start one, or pass -L NAME / -S PATH`);
    }
    if (conn.unusable) throw new ApiError('unavailable', conn.unusable);
  }

  /**
   * One agent for a target, on whichever host it lives: the one place a target is resolved.
   * Routing across hosts finds a known agent (the monitors' registries, or a snapshot taken
   * now); what it does not know (a plain pane, a pane spawned a moment ago) is looked up on its
   * host's fresh pane listing.
   */
  async resolve(target: string, rule: TargetRule): Promise<AgentInfo> {
    const fleet = this.d.fleet();
    const hosts = fleet.hosts().length;
    // Hosts without a monitor here: a fresh snapshot is what routing reads. (A lone unmonitored
    // host lists its panes below anyway.)
    const snapshot = this.d.monitors.size < hosts && (rule === 'agents-only' || hosts > 1);
    if (snapshot) await this.list();
    if (rule === 'agents-only') return fleet.resolve(target);
    const r = fleet.route(target);
    const monitor = this.d.monitors.get(r.host);
    if (r.agent && (snapshot || monitor)) return r.agent;
    return fleet.onHost(r.host, (conn, host) =>
      resolveAgent(monitor ? { list: () => monitor.agents() } : oneShotDirectory(conn, host), conn, r.target, host, rule),
    );
  }

  /** resolve() with plain panes, or null when the target names nothing live (gone agents keep their history). */
  async find(target: string): Promise<AgentInfo | null> {
    try {
      return await this.resolve(target, 'generic');
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'not_found' || code === 'ambiguous' || code === 'bad_input' || code === 'unavailable') return null;
      if (!this.localConnected()) return null;
      throw err;
    }
  }

  private localConnected(): boolean {
    try {
      return this.d.fleet().connection(LOCAL_HOST).status === 'connected';
    } catch {
      return false; // closed meanwhile
    }
  }
}
