// The shell's lifecycle with the `electron` module mocked (no binary here) and a real
// in-memory engine: start, IPC, events, tray, notifications, settings, quit.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DesktopShell, ShellOptions } from '../../src/main/shell.js';
import { IPC_CHANNELS } from '../../src/preload/channels.js';
import type { ApiEvent } from '../../src/shared/api.js';
import { DEFAULT_SETTINGS } from '../../src/shared/settings.js';
import type { CallReply } from '../../src/shared/wire.js';
import { electronModule, fake, FakeBrowserWindow, FakeNotification, FakeTray, preventable, resetFake } from './fake-electron.js';
import { agent, memoryEngine, notification, type MemoryEngine } from './memory-engine.js';
import { until } from '../helpers/poll.js';

vi.mock('electron', () => electronModule);
const { startShell } = await import('../../src/main/shell.js');

const APP_URL = 'file:///app/out/renderer/index.html';

let engine: MemoryEngine;
function start(extra: Partial<ShellOptions> = {}): DesktopShell {
  const shell = startShell({
    createEngine: async () => engine,
    appUrl: APP_URL,
    preloadPath: '/app/out/preload/index.cjs',
    iconDir: '/app/resources/icons',
    coalesceMs: 30,
    ...extra,
  });
  if (!shell) throw new Error('shell did not start');
  return shell;
}
const win = (): FakeBrowserWindow => FakeBrowserWindow.all.at(-1)!;
const tray = (): FakeTray => FakeTray.all.at(-1)!;
const call = (method: string, input: unknown): Promise<CallReply> =>
  fake.ipcMain.invoke(IPC_CHANNELS.call, win().webContents.ipcEvent(), method, input) as Promise<CallReply>;
const sentEvents = (): ApiEvent[] => win().webContents.sent.filter((s) => s.channel === IPC_CHANNELS.event).map((s) => s.args[0] as ApiEvent);

beforeEach(() => {
  resetFake();
  engine = memoryEngine([agent('alice', 'waiting'), agent('bob', 'idle'), agent('carol', 'busy')]);
});

describe('launch', () => {
  it('opens one locked-down window on the app and starts the engine', async () => {
    const shell = start();
    await shell.ready;
    expect(FakeBrowserWindow.all).toHaveLength(1);
    const prefs = win().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true, preload: '/app/out/preload/index.cjs' });
    expect(win().webContents.url).toBe(APP_URL);
    await until(() => win().visible, 'the window to show');
    expect(engine.listenerCount()).toBe(1);
    // every permission prompt is refused
    let granted: boolean | null = null;
    win().webContents.permissionHandler!(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
  });

  it('stays hidden in the tray when started at login', async () => {
    await start({ startHidden: true }).ready;
    expect(win().visible).toBe(false);
    expect(FakeTray.all).toHaveLength(1);
  });

  it('holds a single-instance lock: a second launch quits, and focuses the first window', async () => {
    await start().ready;
    const first = win();
    first.minimized = true;
    fake.app.emit('second-instance');
    expect(first.minimized).toBe(false);
    expect(first.visible).toBe(true);
    expect(first.focused).toBe(1);

    resetFake();
    fake.app.lock = false;
    expect(startShell({ createEngine: async () => engine, appUrl: APP_URL, preloadPath: 'x', iconDir: 'y' })).toBeNull();
    expect(fake.app.quitRequests).toBe(1);
    expect(FakeBrowserWindow.all).toHaveLength(0);
  });

  it('reopens the window where it was left and saves it on close', async () => {
    const file = join(fake.app.getPath('userData'), 'window-state.json');
    mkdirSync(fake.app.getPath('userData'), { recursive: true });
    writeFileSync(file, JSON.stringify({ bounds: { x: 100, y: 50, width: 1000, height: 700 }, maximized: true }));
    await start().ready;
    expect(win().options).toMatchObject({ x: 100, y: 50, width: 1000, height: 700 });
    expect(win().maximized).toBe(true);
    win().bounds = { x: 200, y: 60, width: 900, height: 650 };
    win().maximized = false;
    expect(await call('updateSettings', { closeToTray: false })).toMatchObject({ ok: true });
    win().close();
    expect(win().destroyed).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ bounds: { x: 200, y: 60, width: 900, height: 650 }, maximized: false });
  });
});

describe('IPC through the shell', () => {
  it('serves the contract from the window, marks status as desktop, and refuses other senders', async () => {
    await start().ready;
    expect(await call('getStatus', {})).toMatchObject({ ok: true, result: { shell: 'desktop', monitoring: true } });
    expect(await call('getAgent', {})).toEqual({ ok: false, error: { code: 'bad_input', message: 'getAgent: target: Invalid input: expected string, received undefined' } });
    const stranger = new FakeBrowserWindow({ x: 0, y: 0, width: 1, height: 1 });
    stranger.webContents.url = APP_URL;
    const reply = await fake.ipcMain.invoke(IPC_CHANNELS.call, stranger.webContents.ipcEvent(), 'killAgent', { target: 'alice' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const subframe = win().webContents.ipcEvent({ url: APP_URL, parent: win().webContents.mainFrame });
    expect(await fake.ipcMain.invoke(IPC_CHANNELS.call, subframe, 'listAgents', {})).toMatchObject({ ok: false });
    win().webContents.url = 'https://evil.example/';
    expect(await call('listAgents', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(engine.calls.filter((c) => c.method === 'killAgent')).toEqual([]);
  });

  it('answers pickFolder with the native folder dialog', async () => {
    await start().ready;
    expect(await call('pickFolder', {})).toEqual({ ok: true, result: { path: null } });
    fake.dialog.next = { canceled: false, filePaths: ['/home/me/project'] };
    expect(await call('pickFolder', { defaultPath: '/home/me' })).toEqual({ ok: true, result: { path: '/home/me/project' } });
    expect(fake.dialog.calls.at(-1)).toMatchObject({ defaultPath: '/home/me', properties: ['openDirectory', 'createDirectory'] });
    expect(engine.calls.filter((c) => c.method === 'pickFolder')).toEqual([]);
  });

  it('queues calls made while the engine is still starting', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const shell = start({ createEngine: async () => (await gate, engine) });
    await until(() => FakeBrowserWindow.all.length === 1, 'the window');
    const pending = call('listAgents', {});
    release();
    expect(await pending).toMatchObject({ ok: true });
    await shell.ready;
  });

  it('forwards engine events to the window', async () => {
    await start().ready;
    const ev: ApiEvent = { type: 'agentChanged', agent: agent('carol', 'idle') };
    engine.emit(ev);
    expect(sentEvents()).toEqual([ev]);
  });
});

describe('tray', () => {
  it('shows counts and the agents needing attention; updates from events', async () => {
    await start().ready;
    expect(tray().tooltip).toBe('Tmux Orchestrator: 3 agents: 1 waiting, 1 idle, 0 crashed');
    expect(fake.app.badge).toBe(1);
    engine.emit({ type: 'agentChanged', agent: agent('carol', 'crashed') });
    engine.emit({ type: 'agentRemoved', id: 'local/bob' });
    await until(() => tray().tooltip.includes('2 agents'), 'the tray to update');
    expect(tray().tooltip).toBe('Tmux Orchestrator: 2 agents: 1 waiting, 0 idle, 1 crashed');
    expect(tray().menu!.template.map((i) => i.label ?? '---')).toEqual([
      'Needs attention (2)',
      'carol: crashed',
      'alice: waiting',
      '---',
      'Open Tmux Orchestrator',
      'Pause monitoring',
      '---',
      'Quit',
    ]);
    // The launcher badge counts the agents whose problem lasts: up with the crash, down once the
    // question is answered; a notification line (read or not) does not move it.
    expect(fake.app.badge).toBe(2);
    engine.emit({ type: 'notification', notification: { id: 7, kind: 'idle', agent: 'carol', agentId: 'local/carol', team: null, text: 'carol finished and is idle', createdAt: 1, readAt: null, members: [], resolvedAt: null } });
    engine.emit({ type: 'agentChanged', agent: agent('alice', 'idle') });
    await until(() => fake.app.badge === 1, 'the badge to drop once alice answered');
    expect(tray().menu!.template.map((i) => i.label ?? '---').slice(0, 2)).toEqual(['Needs attention (1)', 'carol: crashed']);
  });

  it('opens the window on an agent from the menu', async () => {
    await start().ready;
    win().hide();
    tray().click('alice: waiting');
    expect(win().visible).toBe(true);
    expect(win().webContents.sent.filter((s) => s.channel === IPC_CHANNELS.navigate)).toEqual([{ channel: IPC_CHANNELS.navigate, args: ['local/alice'] }]);
  });

  it('pauses and resumes monitoring through the engine', async () => {
    await start().ready;
    tray().click('Pause monitoring');
    await until(() => tray().menu!.template.some((i) => i.label === 'Resume monitoring'), 'Resume in the menu');
    expect(engine.calls.filter((c) => c.method === 'setMonitoring').map((c) => c.input)).toEqual([{ enabled: false }]);
    expect(tray().tooltip).toMatch(/monitoring paused/);
    tray().click('Resume monitoring');
    await until(() => tray().menu!.template.some((i) => i.label === 'Pause monitoring'), 'Pause in the menu');
  });

  it('closing the window hides it to the tray (closeToTray), or quits when that is off', async () => {
    await start().ready;
    win().close();
    expect(win().destroyed).toBe(false);
    expect(win().visible).toBe(false);
    expect(engine.closeCount).toBe(0);
    tray().click('Open Tmux Orchestrator');
    expect(win().visible).toBe(true);
    expect(await call('updateSettings', { closeToTray: false })).toMatchObject({ ok: true });
    win().close();
    expect(win().destroyed).toBe(true);
    await until(() => fake.app.exited, 'the app to quit');
    expect(engine.closeCount).toBe(1);
  });
});

describe('desktop notifications', () => {
  it('coalesces a burst into one notification; a click opens the window on the agent', async () => {
    await start().ready;
    for (const name of ['alice', 'dave', 'erin']) engine.emit({ type: 'notification', notification: notification('waiting', name) });
    await until(() => FakeNotification.all.length > 0, 'a notification');
    expect(FakeNotification.all.map((n) => [n.options.title, n.options.body, n.shown])).toEqual([['3 agents are waiting for a decision', 'alice, dave, erin', true]]);
    win().hide();
    FakeNotification.all[0]!.emit('click');
    expect(win().visible).toBe(true);
    expect(win().webContents.sent.filter((s) => s.channel === IPC_CHANNELS.navigate).map((s) => s.args[0])).toEqual(['local/alice']);
  });

  it('respects the per-kind toggle', async () => {
    await start().ready;
    // The contract's updateSettings takes whole nested objects (SettingsSchema.partial() is shallow).
    const reply = await call('updateSettings', { desktopNotify: { ...DEFAULT_SETTINGS.desktopNotify, idle: false } });
    expect(reply).toMatchObject({ ok: true });
    engine.emit({ type: 'notification', notification: notification('idle', 'bob') });
    engine.emit({ type: 'notification', notification: notification('crashed', 'carol') });
    await until(() => FakeNotification.all.length > 0, 'a notification');
    expect(FakeNotification.all.map((n) => n.options.title)).toEqual(['carol crashed']);
  });
});

describe('settings that act in the shell', () => {
  it('theme follows the system, or the setting when it names one', async () => {
    await start().ready;
    expect(fake.nativeTheme.themeSource).toBe('system');
    expect(win().options.backgroundColor).toBe('#f9fafb');
    fake.nativeTheme.setSystemDark(true);
    expect(win().backgroundColor).toBe('#111827');
    await call('updateSettings', { theme: 'light' });
    expect(fake.nativeTheme.themeSource).toBe('light');
    expect(win().backgroundColor).toBe('#f9fafb');
    fake.nativeTheme.setSystemDark(false);
    await call('updateSettings', { theme: 'dark' });
    expect(win().backgroundColor).toBe('#111827');
  });

  it('open at login writes the platform login item', async () => {
    await start().ready;
    await call('updateSettings', { openAtLogin: true });
    const file = join(fake.app.getPath('appData'), 'autostart', 'tmux-orchestrator.desktop');
    const onLinux = process.platform === 'linux';
    expect(existsSync(file)).toBe(onLinux);
    expect(fake.app.loginItems).toEqual(onLinux ? [] : [{ openAtLogin: true, args: ['--hidden'] }]);
    await call('updateSettings', { openAtLogin: false });
    expect(existsSync(file)).toBe(false);
  });
});

describe('quit', () => {
  it('closes the engine exactly once however often quit is asked, then exits', async () => {
    await start().ready;
    fake.app.quit();
    fake.app.quit();
    fake.app.emit('before-quit', preventable());
    await until(() => fake.app.exited, 'the app to exit');
    expect(engine.closeCount).toBe(1);
    expect(engine.listenerCount()).toBe(0);
    expect(fake.ipcMain.handlers.size).toBe(0);
    expect(fake.nativeTheme.listenerCount('updated')).toBe(0);
    expect(tray().destroyed).toBe(true);
  });

  it('quitting from the tray while the engine is still starting closes it once it is up', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    start({ createEngine: async () => (await gate, engine) });
    await until(() => FakeBrowserWindow.all.length === 1, 'the window');
    fake.app.quit();
    expect(fake.app.exited).toBe(false);
    release();
    await until(() => fake.app.exited, 'the app to exit');
    expect(engine.closeCount).toBe(1);
    expect(FakeTray.all).toHaveLength(0);
  });

  it('quits anyway when the engine never finishes closing', async () => {
    engine.close = () => new Promise<void>(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await start({ closeTimeoutMs: 20 }).ready;
    fake.app.quit();
    await until(() => fake.app.exited, 'the app to exit');
    expect(warn).toHaveBeenCalledWith('the engine did not close in time; quitting anyway');
    warn.mockRestore();
  });

  it('reports an engine that fails to start, and still quits cleanly', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const shell = start({ createEngine: async () => Promise.reject(new Error('no tmux')) });
    await expect(shell.ready).rejects.toThrow('no tmux');
    expect(await call('listAgents', {})).toEqual({ ok: false, error: { code: 'unavailable', message: 'engine did not start: no tmux' } });
    fake.app.quit();
    await until(() => fake.app.exited, 'the app to exit');
    error.mockRestore();
  });
});
