// The user's clients keep their window size: a real (non-control) client attaches to a private
// "inner" server from inside a pane of a second private "outer" server; our connection then
// attaches to the inner server and even asks for a tiny size, and the window does not change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTmuxServer } from '../../helpers/tmux.js';
import { connectTmux, type TmuxConnection } from '../../../src/core/tmux/index.js';
import { ControlClient } from '../../../src/core/tmux/client.js';
import { tmuxArgv, tmuxEnv } from '../../../src/core/tmux/once.js';
import { waitFor } from '../../helpers/poll.js';

const inner = useTmuxServer();
const outer = useTmuxServer();
let conn: TmuxConnection;

const windowSize = async () => (await inner.tmux('display-message', '-p', '-t', 'user:', '#{window_width}x#{window_height}')).trim();

beforeAll(async () => {
  await inner.newSession('user');
  // `smallest`: any client that counts towards the size would shrink the window.
  await inner.tmux('set-option', '-g', 'window-size', 'smallest');
  await outer.newSession('terminal', ['env', '-u', 'TMUX', 'tmux', '-L', inner.name, 'attach', '-t', 'user']);
  await waitFor(async () => (await inner.tmux('list-clients', '-F', '#{client_control_mode}')).split('\n').includes('0'), 'the user client');
});
afterAll(() => conn?.close());

describe('ignore-size', () => {
  it("leaves the user client's window size unchanged", async () => {
    const before = await windowSize();
    const [w, h] = before.split('x').map(Number);
    expect(w).toBeGreaterThan(60);
    expect(h).toBeGreaterThan(20);

    conn = connectTmux({ socketName: inner.name });
    await conn.waitConnected(5000);
    await conn.ensureSession('agents');
    await waitFor(() => conn.counters().controlClients === 2, 'control clients for both sessions');
    await conn.run(['refresh-client', '-C', '40x10']);
    expect(await windowSize()).toBe(before);
    const clients = await inner.tmux('list-clients', '-F', '#{client_control_mode} #{client_flags}');
    expect(clients.split('\n').filter((l) => l.startsWith('1')).every((l) => l.includes('ignore-size'))).toBe(true);
  });

  it('(control) a control client without ignore-size would have shrunk it', async () => {
    const before = await windowSize();
    const plain = new ControlClient({ argv: tmuxArgv({ socketName: inner.name }, ['-C', 'attach', '-t', 'user']), commandTimeoutMs: 5000, env: tmuxEnv() });
    await new Promise<void>((resolve) => plain.once('attached', resolve));
    await plain.send(['refresh-client -C 40x10'])[0];
    await waitFor(async () => (await windowSize()) === '40x10', 'the window shrunk to the control client');
    plain.close();
    await waitFor(async () => (await windowSize()) === before, 'the window back to the user size');
  });
});
