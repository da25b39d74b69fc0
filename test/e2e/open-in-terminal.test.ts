// "Open in terminal" for real: the copied command runs in a real terminal (a pane of a second
// private tmux server) and must land on the agent's own window and pane, not the session's
// current window.
import { describe, expect, it } from 'vitest';
import { attachCommand } from '../../src/renderer/src/lib/attach.js';
import { eventually } from '../cli/fake-agents.js';
import { useTmuxServer } from '../helpers/tmux.js';

const inner = useTmuxServer();
const outer = useTmuxServer();

describe('Open in terminal', () => {
  it('attaches to the agent\'s window and pane on the watched server', async () => {
    await inner.newSession('work', ['sh', '-c', 'echo current window; exec sleep 600']);
    await inner.tmux('new-window', '-d', '-t', 'work:', '-n', 'team', 'sh', '-c', 'echo other pane; exec sleep 600');
    const agentPane = (await inner.tmux('split-window', '-d', '-t', 'work:1', '-P', '-F', '#{pane_id}', 'sh', '-c', 'echo AGENT PANE HERE; exec sleep 600')).trim();
    // The session's current window is 0 and window 1's active pane is the other one.
    expect(await inner.tmux('display-message', '-p', '-t', 'work', '#{window_index} #{pane_id}')).not.toContain(agentPane);

    const cmd = attachCommand({ session: 'work', host: 'local', paneId: agentPane }, { socketName: inner.name, socketPath: null });
    const term = await outer.newSession('terminal', ['env', '-u', 'TMUX', 'sh', '-c', cmd]);

    await outer.waitForScreen(term, (s) => s.includes('AGENT PANE HERE'));
    const clients = await eventually(() => inner.tmux('list-clients', '-F', '#{client_session}'), (s) => s.trim() !== '');
    expect(clients.trim()).toBe('work');
    expect((await inner.tmux('display-message', '-p', '-t', 'work', '#{window_index} #{pane_id}')).trim()).toBe(`1 ${agentPane}`);
  });
});
