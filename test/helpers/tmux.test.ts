import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { createTmuxServer, TEST_COLS, TEST_ROWS, useTmuxServer } from './tmux.js';

describe('private tmux server harness', () => {
  const server = useTmuxServer();

  it('starts a server on a private socket with a fixed size', async () => {
    const pane = await server.newSession('harness', ['sh']);
    expect(pane).toMatch(/^%\d+$/);
    const size = await server.tmux('display', '-p', '-t', pane, '#{window_width}x#{window_height}');
    expect(size).toBe(`${TEST_COLS}x${TEST_ROWS}`);
    await server.tmux('send-keys', '-t', pane, '-l', 'echo harness-$((6*7))');
    await server.tmux('send-keys', '-t', pane, 'Enter');
    const screen = await server.waitForScreen(pane, (s) => s.includes('harness-42'));
    expect(screen).toContain('harness-42');
  });

  it('kills the server', async () => {
    const other = createTmuxServer();
    await other.newSession('x', ['sh']);
    await other.kill();
    const r = await execa('tmux', ['-L', other.name, 'list-sessions'], { reject: false });
    expect(r.exitCode).not.toBe(0);
  });

  it('refuses to touch the default tmux server', async () => {
    const r = await execa('tmux', ['list-sessions'], { reject: false });
    expect(r.exitCode).toBe(97);
    expect(r.stderr).toContain('TEST GUARD');
  });

  it('refuses server names outside orc-test-*', () => {
    expect(() => createTmuxServer('default')).toThrow(/orc-test-/);
  });
});
