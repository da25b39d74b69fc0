// Who the agents are, for actions. With a running monitor the orchestrator passes its registry
// (fresh states, events); without one (the CLI's one-shot mode) a listing over the connection
// stands in. Either way a target resolves through the registry's own resolver.
import { ApiError } from '../../shared/api.js';
import type { AgentInfo } from '../../shared/domain.js';
import { agentsFromListing, listPaneFacts, resolvePane, resolveTarget } from '../agents/index.js';
import { firstVerdict, type PaneRow, type TmuxConnection } from '../tmux/index.js';
import { LOCAL_HOST } from '../../shared/hosts.js';

/** What actions need from a registry/monitor; `monitor.agents()` fits `list`. */
export interface AgentDirectory {
  list(): Promise<AgentInfo[]> | AgentInfo[];
}

/** Agent state changes as the monitor reports them (for the queue of messages to busy agents). */
export type AgentChanges = (listener: (agent: AgentInfo) => void) => () => void;

/** A directory that lists panes afresh on every call (no monitor needed). */
export function oneShotDirectory(conn: TmuxConnection, host = LOCAL_HOST): AgentDirectory {
  return { list: () => listAgentsNow(conn, host) };
}

/** Connected, or still connecting for the first time (then wait briefly); no server → false at once. */
export async function usable(conn: TmuxConnection): Promise<boolean> {
  // The first verdict: connected, or no server (which waitConnected would sit out).
  await firstVerdict(conn, 2_000);
  return conn.status === 'connected';
}

export async function listAgentsNow(conn: TmuxConnection, host = LOCAL_HOST): Promise<AgentInfo[]> {
  if (!(await usable(conn))) return [];
  return agentsFromListing(await listPaneFacts(conn), host);
}

/** A pane that is not recognised as an agent, described as a generic one (so it can be addressed). */
export function plainPaneAgent(row: PaneRow, host: string, now = Date.now()): AgentInfo {
  return {
    id: `${host}/${row.paneId}`, host, paneId: row.paneId, target: row.target, session: row.session,
    windowName: row.windowName, name: row.windowName, type: 'generic', role: 'custom', team: null, tagged: false,
    state: 'unknown', reason: 'unknown: a plain pane', since: now, lastLine: '', command: row.command, cwd: row.cwd, resetAt: null,
  };
}

/**
 * How a target that names a pane but no agent resolves: as a generic agent ('generic': kill,
 * restart, capture, history), or refused as not an agent ('refuse': what types into a pane
 * without anyPane).
 */
export type PlainPanes = 'generic' | 'refuse';

/**
 * One agent for a target. The directory's list first; when it does not know the target (a
 * monitor that has not seen a just-spawned pane yet), a fresh listing, which also lets a plain
 * pane (`%5`, `work:1.0`) be addressed as a generic agent — unless `plainPanes` is 'refuse'.
 */
export async function resolveAgent(
  directory: AgentDirectory,
  conn: TmuxConnection,
  target: string,
  host = LOCAL_HOST,
  plainPanes: PlainPanes = 'generic',
): Promise<AgentInfo> {
  try {
    return resolveTarget(await directory.list(), target);
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && err.code === 'not_found')) throw err;
    if (!(await usable(conn))) throw err;
    const listing = await listPaneFacts(conn);
    const agents = agentsFromListing(listing, host);
    const row = resolvePane(listing.rows, target, { host, agents });
    const agent = agents.find((a) => a.paneId === row.paneId);
    if (agent) return agent;
    if (plainPanes === 'refuse')
      throw new ApiError('conflict', `${target} is not an agent (pane ${row.paneId} at ${row.target} runs ${row.command || 'a shell'}, not started or tagged by tmux-orc): nothing typed; pass --any-pane (anyPane) to type into any pane`);
    return plainPaneAgent(row, host);
  }
}
