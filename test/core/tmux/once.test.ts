// The one-shot path and the tmux version check.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTmuxServer } from '../../helpers/tmux.js';
import {
  checkTmux,
  connectTmux,
  runTmuxOnce,
  TmuxCommandError,
  TmuxConnectionError,
  TmuxVersionError,
} from '../../../src/core/tmux/index.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-tmux-once-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeTmux(version: string): string {
  const path = join(dir, `tmux-${version.replace(/\W/g, '_')}`);
  writeFileSync(path, `#!/bin/sh\necho "tmux ${version}"\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('checkTmux', () => {
  it('reports the installed version', async () => {
    const { version } = await checkTmux();
    expect(version).toMatch(/^\d+\.\d+/);
  });

  it('names the version found when it is too old', async () => {
    await expect(checkTmux({ tmuxPath: fakeTmux('3.1c') })).rejects.toThrow(TmuxVersionError);
    await expect(checkTmux({ tmuxPath: fakeTmux('3.1c') })).rejects.toThrow('tmux 3.1c is too old: 3.2 or newer is required');
    expect(await checkTmux({ tmuxPath: fakeTmux('3.2') })).toEqual({ version: '3.2' });
    expect(await checkTmux({ tmuxPath: fakeTmux('next-3.6') })).toEqual({ version: 'next-3.6' });
  });

  it('says clearly when tmux is missing', async () => {
    await expect(checkTmux({ tmuxPath: join(dir, 'no-such-tmux') })).rejects.toThrow(/tmux is not installed/);
  });
});

describe('runTmuxOnce', () => {
  it('reports no server as a connection error, without starting one', async () => {
    await expect(runTmuxOnce({ socketName: server.name }, ['list-sessions'])).rejects.toBeInstanceOf(TmuxConnectionError);
    await expect(server.tmux('list-sessions')).rejects.toThrow();
  });

  it('runs commands and returns lines; errors carry tmux’s message', async () => {
    await server.newSession('once');
    expect(await runTmuxOnce({ socketName: server.name }, ['list-sessions', '-F', '#{session_name}'])).toEqual(['once']);
    const err = await runTmuxOnce({ socketName: server.name }, ['kill-session', '-t', 'nope']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TmuxCommandError);
    expect((err as Error).message).toBe("can't find session: nope");
  });

  it('a connection can name the server by socket path (-S)', async () => {
    const [path] = await runTmuxOnce({ socketName: server.name }, ['display-message', '-p', '#{socket_path}']);
    const conn = connectTmux({ socketPath: path! });
    try {
      await conn.waitConnected(5000);
      expect(await conn.run(['display-message', '-p', '#{session_name}'])).toEqual(['once']);
    } finally {
      conn.close();
    }
  });
});
