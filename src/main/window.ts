// The one app window: locked down (isolated, sandboxed, no Node, no remote content) and
// reopened where it was left.
import { BrowserWindow, nativeTheme, screen, shell } from 'electron';
import { guardNavigation, type GuardedContents } from './navigation.js';
import { report, type DesktopLog } from './main-log.js';
import { APP_NAME } from './tray-model.js';
import { fitWindowState, loadWindowState, MIN_SIZE, saveWindowState, type Rect } from './window-state.js';

export interface WindowOptions {
  appUrl: string;
  preloadPath: string;
  iconPath: string;
  stateFile: string;
  show: boolean;
  log?: DesktopLog;
}

/** The window's background before the page paints: no white flash in dark mode. */
export function themeBackground(): string {
  return nativeTheme.shouldUseDarkColors ? '#111827' : '#f9fafb';
}

/** Work areas with the primary display first (where a lost window is brought back). */
function workAreas(): Rect[] {
  const primary = screen.getPrimaryDisplay();
  const rest = screen.getAllDisplays().filter((d) => d.id !== primary.id);
  return [primary, ...rest].map((d) => d.workArea);
}

/** Save size and position shortly after the last move/resize, and on close. */
function trackWindowState(win: BrowserWindow, file: string, log: DesktopLog | undefined): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = (): void => {
    clearTimeout(timer);
    if (win.isDestroyed()) return;
    try {
      saveWindowState(file, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (err) {
      report(log, 'warn', 'window state', `could not save the window position: ${String(err)}`);
    }
  };
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', save);
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const state = fitWindowState(loadWindowState(opts.stateFile), workAreas());
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: APP_NAME,
    icon: opts.iconPath,
    autoHideMenuBar: true,
    backgroundColor: themeBackground(),
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  guardNavigation(win.webContents as unknown as GuardedContents, opts.appUrl, (url) => void shell.openExternal(url));
  // The UI needs no camera, geolocation or the like; refuse every permission prompt.
  win.webContents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  trackWindowState(win, opts.stateFile, opts.log);
  if (opts.show) win.once('ready-to-show', () => win.show());
  // The CSP is the renderer's own (index.html's meta tag); main does not loosen it.
  void win.loadURL(opts.appUrl);
  return win;
}
