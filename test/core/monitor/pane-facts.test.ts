// Pane facts from tmux and the process tree, not guesses: a pane started through `sh -c` shows
// `sh` in front while its agent runs as the shell's child (no job control) — that is not a crash;
// once the agent exits to a shell it is. A bare shell agent is idle, not starting.
import { describe, expect, it } from 'vitest';
import { programUnderShell, startsThroughShell } from '../../../src/core/agents/process-tree.js';
import { snapshotOnce } from '../../../src/core/monitor/index.js';
import { connectTmux } from '../../../src/core/tmux/index.js';
import { FAKE_AGENT } from '../../helpers/fake-agent.js';
import { waitFor } from '../../helpers/poll.js';
import { useTmuxServer } from '../../helpers/tmux.js';

const server = useTmuxServer();

describe('startsThroughShell', () => {
  it.each([
    ['', false],
    ['bash', false],
    ['bash --norc --noprofile', false],
    ['-bash', false],
    ["sh -c 'claude; exec bash'", true],
    ['bash -lc codex', true],
    ['bash ./run-agent.sh', true],
    ['./run-agent.sh', true],
    ['claude --resume', true],
  ] as const)('%j → %s', (cmd, want) => {
    expect(startsThroughShell(cmd)).toBe(want);
  });
});

describe('pane facts on a real tmux server', () => {
  it('an agent below `sh -c` is judged by its screen (idle), and crashed once only a shell is left', async () => {
    const script = `node ${FAKE_AGENT}; exec bash --norc --noprofile`;
    const pane = await server.newSession('via-sh', ['sh', '-c', script]);
    await server.tmux('set-option', '-p', '-t', pane, '@orc-type', 'claude');
    await server.waitForScreen(pane, (s) => /\? for shortcuts/.test(s));
    const conn = connectTmux({ socketName: server.name, commandTimeoutMs: 5000 });
    try {
      await conn.waitConnected(5000);
      // What made it look crashed: tmux names the shell in front, not the agent below it.
      expect((await server.tmux('display-message', '-p', '-t', pane, '#{pane_current_command}')).trim()).toBe('sh');
      const pid = Number(await server.tmux('display-message', '-p', '-t', pane, '#{pane_pid}'));
      expect(programUnderShell(pid)).toBe('node');
      const agent = async () => (await snapshotOnce(conn, { quietMs: 200 })).find((a) => a.paneId === pane);
      expect(await agent()).toMatchObject({ state: 'idle', type: 'claude' });

      await server.tmux('send-keys', '-t', pane, 'C-d'); // the fake agent exits; the script execs bash
      await waitFor(async () => (await server.tmux('display-message', '-p', '-t', pane, '#{pane_current_command}')).trim() === 'bash', 'bash in front');
      expect(programUnderShell(pid)).toBeNull();
      expect(await agent()).toMatchObject({ state: 'crashed' });
    } finally {
      conn.close();
    }
  });

  it('a bare shell tagged as a generic agent is idle when quiet, not starting or crashed', async () => {
    const pane = await server.newSession('bare-shell', ['bash', '--norc', '--noprofile']);
    await server.tmux('set-option', '-p', '-t', pane, '@orc-type', 'generic');
    const conn = connectTmux({ socketName: server.name, commandTimeoutMs: 5000 });
    try {
      await conn.waitConnected(5000);
      const seen = await waitFor(async () => {
        const a = (await snapshotOnce(conn, { quietMs: 50 })).find((x) => x.paneId === pane);
        return a?.state === 'idle' ? a : null;
      }, 'the bare shell idle');
      expect(seen.reason).toMatch(/^idle: quiet/);
    } finally {
      conn.close();
    }
  });
});
