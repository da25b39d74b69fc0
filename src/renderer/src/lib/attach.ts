// "Open in terminal": the command that attaches a terminal to the agent's own window and pane,
// on the tmux server the engine watches, over ssh for an agent on another host.
import type { AgentInfo } from '../../../shared/domain.js';
import { LOCAL_HOST } from '../../../shared/hosts.js';

const shellQuote = (s: string) => (/^[A-Za-z0-9_.:%@/=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * `tmux [-S path | -L name] select-window -t %P \; select-pane -t %P \; attach -t =SESSION`:
 * the pane id names the agent's window and pane whatever their names; `=` makes the session
 * match exactly. Remote: the whole tmux command is one argument of `ssh -t host`, so the remote
 * shell sees the `\;` separators too.
 */
export function attachCommand(
  agent: Pick<AgentInfo, 'session' | 'host' | 'paneId'>,
  tmux: { socketName: string | null; socketPath: string | null } | undefined,
): string {
  const parts = ['tmux'];
  if (tmux?.socketPath) parts.push('-S', shellQuote(tmux.socketPath));
  else if (tmux?.socketName) parts.push('-L', shellQuote(tmux.socketName));
  const pane = shellQuote(agent.paneId);
  parts.push('select-window', '-t', pane, '\\;', 'select-pane', '-t', pane, '\\;', 'attach-session', '-t', shellQuote(`=${agent.session}`));
  const cmd = parts.join(' ');
  return agent.host === LOCAL_HOST ? cmd : `ssh -t ${shellQuote(agent.host)} ${shellQuote(cmd)}`;
}
