// AgentInfo for one pane, fresh from tmux, with the state of a look folded in.
import { ApiError } from '../../shared/api.js';
import type { AgentInfo } from '../../shared/domain.js';
import { agentFromRow, listPaneFacts } from '../agents/registry.js';
import type { ActionContext } from './context.js';
import type { Look } from './observe.js';

function lastLine(screen: string): string {
  const lines = screen.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  return (lines.at(-1) ?? '').slice(0, 200);
}

export async function agentInfoOf(ctx: ActionContext, paneId: string, look: Look | null): Promise<AgentInfo> {
  const { rows, extras } = await listPaneFacts(ctx.conn);
  const row = rows.find((r) => r.paneId === paneId);
  if (!row) throw new ApiError('not_found', `pane ${paneId} is gone`);
  // A plain pane (not recognised as an agent) is described as a generic one.
  const agent = agentFromRow(row, ctx.host, extras.get(paneId), undefined, ctx.now()) ?? {
    id: `${ctx.host}/${row.paneId}`, host: ctx.host, paneId: row.paneId, target: row.target, session: row.session,
    windowName: row.windowName, name: row.windowName, type: 'generic', role: 'custom', team: null, tagged: false,
    state: 'unknown', reason: 'unknown: a plain pane', since: ctx.now(), lastLine: '', command: row.command, cwd: row.cwd, resetAt: null,
  };
  if (!look) return agent;
  return { ...agent, state: look.c.state, reason: look.c.reason, since: look.at, lastLine: lastLine(look.screen), resetAt: look.c.resetAt };
}
