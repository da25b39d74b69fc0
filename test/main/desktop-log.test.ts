// The desktop app's log (#16): desktop.log beside the store, the daemons' rotated JSON lines.
// The real engine writes its tmux connection and lease there (on a private tmux server chosen
// in its settings); the shell writes an engine that failed to start or to close; errors nothing
// caught in main are logged with their stack and the app keeps running. Electron is the
// stand-in (its binary cannot be installed here); the log file, the store and tmux are real.
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { electronModule, fake, resetFake } from './fake-electron.js';
import { memoryEngine } from './memory-engine.js';
import { until, waitFor } from '../helpers/poll.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { openStore } from '../../src/core/store/index.js';

vi.mock('electron', () => electronModule);
const { startShell } = await import('../../src/main/shell.js');
const { createEngine, openDesktopLog, DESKTOP_LOG_FILE } = await import('../../src/main/create-engine.js');
const { logUncaught } = await import('../../src/main/main-log.js');

const server = useTmuxServer();
const root = mkdtempSync(join(tmpdir(), 'orc-desktop-log-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Line = { level: number; event?: string; msg?: string; status?: string; stack?: string; holder?: string };
const lines = (dir: string): Line[] => {
  const file = join(dir, DESKTOP_LOG_FILE);
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Line)
    : [];
};
const logged = (dir: string, pred: (l: Line) => boolean, what: string) => waitFor(() => lines(dir).find(pred), what, 10_000);
const ERROR = 50;
const WARN = 40;

beforeEach(() => resetFake());

describe('desktop.log', () => {
  it('the desktop engine writes its tmux connection and the lease it takes next to its store', async () => {
    const dir = join(root, 'engine');
    const db = join(dir, 'orchestrator.db');
    // The app follows the tmux server in its settings: a private one, never the user's.
    const store = openStore({ path: db });
    store.settings.update({ tmux: { socketName: server.name, socketPath: null } });
    store.close();
    await server.newSession('base');
    const saved = process.env.ORC_DB;
    process.env.ORC_DB = db;
    try {
      const log = openDesktopLog();
      const engine = await createEngine({ shell: 'desktop' }, log);
      try {
        expect(lines(dir)[0]).toMatchObject({ event: 'start' });
        await logged(dir, (l) => l.event === 'tmux' && l.status === 'connected', 'the tmux connection');
        await logged(dir, (l) => l.event === 'lease taken', 'the lease');
      } finally {
        await engine.close();
      }
    } finally {
      if (saved === undefined) delete process.env.ORC_DB;
      else process.env.ORC_DB = saved;
    }
  });

  it('an engine that cannot start is written there, and the app still quits cleanly', async () => {
    const dir = join(root, 'no-engine');
    const log = openDesktopLog(dir);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const shell = startShell({ createEngine: () => Promise.reject(new Error('no tmux')), log, appUrl: 'file:///app/index.html', preloadPath: 'p', iconDir: 'i' })!;
      await expect(shell.ready).rejects.toThrow('no tmux');
      const line = await logged(dir, (l) => l.event === 'engine start failed', 'the failed start');
      expect(line).toMatchObject({ level: ERROR, msg: 'Tmux Orchestrator could not start its engine: Error: no tmux' });
      fake.app.quit();
      await until(() => fake.app.exited, 'the app to exit');
    } finally {
      error.mockRestore();
    }
  });

  it('an engine that never finishes closing is written there as a warning', async () => {
    const dir = join(root, 'slow-close');
    const log = openDesktopLog(dir);
    const engine = memoryEngine([]);
    engine.close = () => new Promise<void>(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await startShell({ createEngine: async () => engine, log, appUrl: 'file:///app/index.html', preloadPath: 'p', iconDir: 'i', closeTimeoutMs: 20 })!.ready;
      fake.app.quit();
      await until(() => fake.app.exited, 'the app to exit');
      expect(await logged(dir, (l) => l.event === 'engine close', 'the close warning')).toMatchObject({ level: WARN, msg: 'the engine did not close in time; quitting anyway' });
    } finally {
      warn.mockRestore();
    }
  });

  it('errors nothing caught in main are logged with their stack; the process carries on', async () => {
    const dir = join(root, 'uncaught');
    const log = openDesktopLog(dir);
    const proc = new EventEmitter();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const uninstall = logUncaught(log, proc as unknown as NodeJS.Process);
      proc.emit('uncaughtException', new Error('tray icon vanished'));
      proc.emit('unhandledRejection', new Error('notification failed'));
      proc.emit('unhandledRejection', 'a bare string');
      await logged(dir, (l) => l.msg === 'Tmux Orchestrator: unhandled promise rejection in the main process: a bare string', 'the third');
      const errors = lines(dir).filter((l) => l.level === ERROR);
      expect(errors.map((l) => l.msg ?? `stack of ${l.event}`)).toEqual([
        'Tmux Orchestrator: uncaught exception in the main process: tray icon vanished',
        'stack of uncaught exception',
        'Tmux Orchestrator: unhandled promise rejection in the main process: notification failed',
        'stack of unhandled rejection',
        'Tmux Orchestrator: unhandled promise rejection in the main process: a bare string',
      ]);
      expect(errors[1]!.stack).toMatch(/^Error: tray icon vanished\n\s+at /);
      expect(error).toHaveBeenCalledTimes(3);
      uninstall();
      expect(proc.listenerCount('uncaughtException') + proc.listenerCount('unhandledRejection')).toBe(0);
    } finally {
      error.mockRestore();
    }
  });
});
