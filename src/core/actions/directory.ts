// Who the agents are, for actions. With a running monitor the orchestrator passes its registry
// (fresh states, events); without one (the CLI's one-shot mode) a listing over the connection
// stands in. Either way a target resolves through the registry's own resolver.
import type { AgentInfo } from '../../shared/domain.js';
import { agentFromRow, listPaneFacts } from '../agents/registry.js';
import { resolvePane, resolveTarget } from '../agents/targets.js';
import type { TmuxConnection } from '../tmux/index.js';

/** What actions need from a registry/monitor; `monitor.agents()` fits `list`. */
export interface AgentDirectory {
  list(): Promise<AgentInfo[]> | AgentInfo[];
}

/** Agent state changes as the monitor reports them (for the queue of messages to busy agents). */
export type AgentChanges = (listener: (agent: AgentInfo) => void) => () => void;

/** A directory that lists panes afresh on every call (no monitor needed). */
export function oneShotDirectory(conn: TmuxConnection, host = 'local'): AgentDirectory {
  return { list: () => listAgentsNow(conn, host) };
}

/** Connected, or still connecting for the first time (then wait briefly); no server → false at once. */
export async function usable(conn: TmuxConnection): Promise<boolean> {
  if (conn.status === 'connecting') {
    // Settles on the first verdict: connected, or no server (which waitConnected would sit out).
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        conn.off('status', done);
        resolve();
      };
      const t = setTimeout(done, 2_000);
      conn.on('status', done);
    });
  }
  return conn.status === 'connected';
}

export async function listAgentsNow(conn: TmuxConnection, host = 'local'): Promise<AgentInfo[]> {
  if (!(await usable(conn))) return [];
  const { rows, extras } = await listPaneFacts(conn);
  return rows.map((r) => agentFromRow(r, host, extras.get(r.paneId))).filter((a): a is AgentInfo => a !== null);
}

/**
 * One agent for a target. The directory's list first; when it does not know the target (a
 * monitor that has not seen a just-spawned pane yet), a fresh listing, which also lets a plain
 * pane (`%5`, `work:1.0`) be addressed as a generic agent.
 */
export async function resolveAgent(
  directory: AgentDirectory,
  conn: TmuxConnection,
  target: string,
  host = 'local',
): Promise<AgentInfo> {
  try {
    return resolveTarget(await directory.list(), target);
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && err.code === 'not_found')) throw err;
    if (!(await usable(conn))) throw err;
    const { rows, extras } = await listPaneFacts(conn);
    const agents = rows.map((r) => agentFromRow(r, host, extras.get(r.paneId))).filter((a): a is AgentInfo => a !== null);
    const row = resolvePane(rows, target, { host, agents });
    const agent = agents.find((a) => a.paneId === row.paneId);
    if (agent) return agent;
    return {
      id: `${host}/${row.paneId}`, host, paneId: row.paneId, target: row.target, session: row.session,
      windowName: row.windowName, name: row.windowName, type: 'generic', role: 'custom', team: null, tagged: false,
      state: 'unknown', reason: 'unknown: a plain pane', since: Date.now(), lastLine: '', command: row.command,
      cwd: row.cwd, resetAt: null,
    };
  }
}
