// The desktop shell's lifecycle: single instance, engine up at launch and closed exactly once
// on quit, IPC, events to the window, tray, desktop notifications, settings that act here.
import { app, dialog, ipcMain, nativeTheme, Notification, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { ApiEvent, ApiHandlers } from '../shared/api.js';
import type { AgentInfo } from '../shared/domain.js';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings.js';
import { IPC_CHANNELS } from '../preload/channels.js';
import { desktopHandlers } from './desktop-handlers.js';
import { createDesktopNotifier } from './desktop-notifier.js';
import type { EngineFactory, EngineHost } from './engine-host.js';
import { registerIpc, type IpcMainLike } from './ipc.js';
import { applyOpenAtLogin } from './login-item.js';
import { report, type DesktopLog } from './main-log.js';
import { isTrustedSender } from './navigation.js';
import type { CoalescedNotice } from './notify-coalescer.js';
import { TrayController } from './tray.js';
import { trayModel, type TrayAction } from './tray-model.js';
import { createMainWindow, themeBackground } from './window.js';

export interface ShellOptions {
  createEngine: EngineFactory;
  /** The renderer: the dev server's URL, or the file:// URL of the built index.html. */
  appUrl: string;
  preloadPath: string;
  /** Directory of the PNG icon set (`16x16.png` … `512x512.png`). */
  iconDir: string;
  /** Start in the tray without showing the window (open at login). */
  startHidden?: boolean;
  /** Desktop-notification burst window. */
  coalesceMs?: number;
  /** Longest wait for the engine to close before quitting anyway. */
  closeTimeoutMs?: number;
  /** Where problems in main are written besides stderr (desktop.log; see main-log.ts). */
  log?: DesktopLog;
}

export interface DesktopShell {
  /** Settles when the engine, window and tray are up (rejects if the engine failed to start). */
  ready: Promise<void>;
  /** Show the window on one agent. */
  navigate(agentId: string): void;
  /** Current window (null while none exists). */
  window(): BrowserWindow | null;
}

const TRAY_REFRESH_MS = 250;
/** Notifications kept referenced so their click handlers survive garbage collection. */
const MAX_LIVE_NOTIFICATIONS = 20;

/** Start the shell, or return null when another instance already runs (it gets focused). */
export function startShell(opts: ShellOptions): DesktopShell | null {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  const icon = (size: number): string => join(opts.iconDir, `${size}x${size}.png`);
  let win: BrowserWindow | null = null;
  let tray: TrayController | null = null;
  let settings: Settings = DEFAULT_SETTINGS;
  let monitoring = true;
  let quitting = false;
  let closed = false;
  let shutdownPromise: Promise<void> | null = null;
  let unsubscribe: (() => void) | null = null;
  let trayTimer: ReturnType<typeof setTimeout> | undefined;
  const agents = new Map<string, AgentInfo>();
  const live = new Set<Notification>();

  const liveWindow = (): BrowserWindow | null => (win && !win.isDestroyed() ? win : null);

  function showWindow(): BrowserWindow {
    const w = liveWindow();
    if (!w) return openWindow(true);
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
    return w;
  }

  function openWindow(show: boolean): BrowserWindow {
    const w = createMainWindow({
      appUrl: opts.appUrl,
      preloadPath: opts.preloadPath,
      iconPath: icon(256),
      stateFile: join(app.getPath('userData'), 'window-state.json'),
      show,
      log: opts.log,
    });
    w.on('close', (e) => {
      // Closing hides to the tray (a setting); quitting really closes.
      if (!quitting && settings.closeToTray && tray) {
        e.preventDefault();
        w.hide();
      }
    });
    w.on('closed', () => {
      if (win === w) win = null;
    });
    win = w;
    return w;
  }

  function navigate(agentId: string): void {
    const w = showWindow();
    const send = (): void => {
      if (!w.isDestroyed()) w.webContents.send(IPC_CHANNELS.navigate, agentId);
    };
    if (w.webContents.isLoading()) w.webContents.once('did-finish-load', send);
    else send();
  }

  function refreshTray(): void {
    clearTimeout(trayTimer);
    trayTimer = undefined;
    tray?.update(trayModel([...agents.values()], { monitoring }));
  }
  /** Agent events can come in bursts: redraw the tray at most every TRAY_REFRESH_MS. */
  function scheduleTray(): void {
    trayTimer ??= setTimeout(refreshTray, TRAY_REFRESH_MS);
  }

  function showNotice(notice: CoalescedNotice): void {
    if (!Notification.isSupported()) return;
    const n = new Notification({ title: notice.title, body: notice.body, icon: icon(256) });
    const forget = (): void => void live.delete(n);
    n.on('click', () => {
      forget();
      if (notice.agentId) navigate(notice.agentId);
      else showWindow();
    });
    n.on('close', forget);
    if (live.size >= MAX_LIVE_NOTIFICATIONS) live.delete(live.values().next().value as Notification);
    live.add(n);
    n.show();
  }

  const notifier = createDesktopNotifier({ settings: () => settings, show: showNotice, windowMs: opts.coalesceMs });

  function onEngineEvent(event: ApiEvent): void {
    liveWindow()?.webContents.send(IPC_CHANNELS.event, event);
    if (event.type === 'agentChanged') agents.set(event.agent.id, event.agent);
    else if (event.type === 'agentRemoved') agents.delete(event.id);
    else if (event.type === 'status') monitoring = event.status.monitoring;
    notifier.onEvent(event);
    if (event.type !== 'notification' && event.type !== 'metricsTick') scheduleTray();
  }

  function applySettings(next: Settings, previous: Settings | null): void {
    settings = next;
    nativeTheme.themeSource = next.theme;
    const loginChanged = previous ? previous.openAtLogin !== next.openAtLogin : app.isPackaged;
    if (loginChanged) {
      try {
        applyOpenAtLogin(next.openAtLogin, {
          platform: process.platform,
          setLoginItemSettings: (s) => app.setLoginItemSettings(s),
          autostartDir: join(app.getPath('appData'), 'autostart'),
          exec: [process.env.APPIMAGE ?? process.execPath],
        });
      } catch (err) {
        report(opts.log, 'warn', 'open at login', `could not update "open at login": ${String(err)}`);
      }
    }
  }

  async function pickFolder(defaultPath: string | undefined): Promise<string | null> {
    const options = { title: 'Choose a folder', defaultPath, properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
    const w = liveWindow();
    const r = w ? await dialog.showOpenDialog(w, options) : await dialog.showOpenDialog(options);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  }

  function onTrayAction(action: TrayAction): void {
    if (action === 'open') showWindow();
    else if (action === 'quit') app.quit();
    else void handlers.then((h) => h.setMonitoring({ enabled: action === 'resume' })).catch((err: unknown) => report(opts.log, 'warn', 'tray action', `could not ${action} monitoring: ${String(err)}`));
  }

  const engine: Promise<EngineHost> = app
    .whenReady()
    .then(() => opts.createEngine({
        shell: 'desktop',
        // better-sqlite3 built for Electron's ABI (npm start builds it; see scripts/electron-sqlite.mjs).
        nativeBinding: process.env.ORC_SQLITE_BINDING || undefined,
      }));
  const handlers: Promise<ApiHandlers> = engine.then((e) =>
    desktopHandlers(e, {
      pickFolder,
      onSettings: (s) => {
        const previous = settings;
        applySettings(s, previous);
        scheduleTray();
      },
      onMonitoring: (m) => {
        monitoring = m;
        scheduleTray();
      },
    }),
  );
  handlers.catch(() => undefined); // reported by `ready` and by every call ("engine did not start")

  const unregisterIpc = registerIpc(ipcMain as unknown as IpcMainLike, {
    handlers: () => handlers,
    isTrusted: (event) => isTrustedSender(event, liveWindow()?.webContents.id ?? null, opts.appUrl),
  });

  async function start(): Promise<void> {
    await app.whenReady();
    if (quitting) return;
    openWindow(!opts.startHidden);
    const e = await engine;
    if (quitting) return;
    unsubscribe = e.onEvent(onEngineEvent);
    const [s, status, list] = await Promise.all([
      e.handlers.getSettings({}),
      e.handlers.getStatus({}),
      e.handlers.listAgents({}),
    ]);
    applySettings(s, null);
    monitoring = status.monitoring;
    for (const a of list) agents.set(a.id, a);
    if (quitting) return;
    tray = new TrayController(icon(32), {
      openAgent: navigate,
      action: onTrayAction,
    });
    refreshTray();
  }

  /** Everything quitting needs, run once however many times quit is asked for. */
  function shutdown(): Promise<void> {
    shutdownPromise ??= (async () => {
      clearTimeout(trayTimer);
      nativeTheme.removeListener('updated', onTheme);
      notifier.dispose();
      unsubscribe?.();
      unregisterIpc();
      tray?.destroy();
      tray = null;
      const e = await engine.catch(() => null);
      if (!e) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          report(opts.log, 'warn', 'engine close', 'the engine did not close in time; quitting anyway');
          resolve();
        }, opts.closeTimeoutMs ?? 5_000);
      });
      await Promise.race([e.close().catch((err: unknown) => report(opts.log, 'warn', 'engine close', `engine close failed: ${String(err)}`)), timeout]);
      clearTimeout(timer);
    })();
    return shutdownPromise;
  }

  // The system switched light/dark, or the theme setting did: repaint the window's background
  // (the page follows by itself through prefers-color-scheme).
  const onTheme = (): void => liveWindow()?.setBackgroundColor(themeBackground());
  nativeTheme.on('updated', onTheme);

  app.on('second-instance', () => void showWindow());
  app.on('activate', () => void showWindow());
  app.on('before-quit', (e) => {
    if (closed) return;
    e.preventDefault();
    quitting = true;
    void shutdown().then(() => {
      closed = true;
      app.quit();
    });
  });
  app.on('window-all-closed', () => {
    if (!tray || !settings.closeToTray) app.quit();
  });

  const ready = start();
  ready.catch((err: unknown) => report(opts.log, 'error', 'engine start failed', `Tmux Orchestrator could not start its engine: ${String(err)}`));
  return { ready, navigate, window: liveWindow };
}
