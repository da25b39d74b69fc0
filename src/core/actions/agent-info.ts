// AgentInfo for one pane, fresh from tmux, with the state of a look folded in.
import { ApiError } from '../../shared/api.js';
import type { AgentInfo } from '../../shared/domain.js';
import { agentFromRow, onePaneFacts } from '../agents/index.js';
import type { ActionContext } from './context.js';
import { lastLineOf } from '../monitor/index.js';
import { plainPaneAgent } from './directory.js';
import type { Look } from './observe.js';

export async function agentInfoOf(ctx: ActionContext, paneId: string, look: Look | null): Promise<AgentInfo> {
  const { rows, extras } = await onePaneFacts(ctx.conn, paneId);
  const row = rows.find((r) => r.paneId === paneId);
  if (!row) throw new ApiError('not_found', `pane ${paneId} is gone`);
  const agent = agentFromRow(row, ctx.host, extras.get(paneId), undefined, ctx.now()) ?? plainPaneAgent(row, ctx.host, ctx.now());
  if (!look) return agent;
  // The same last line the monitor shows (input box, rules and footers skipped).
  return { ...agent, state: look.classification.state, reason: look.classification.reason, since: look.at, lastLine: lastLineOf(look.screen), resetAt: look.classification.resetAt };
}
