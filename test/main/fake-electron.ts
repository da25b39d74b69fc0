// A stand-in for the `electron` module (the binary cannot be downloaded here), used through
// vi.mock('electron'). It models only what the shell touches, with Electron's semantics where
// the shell depends on them: before-quit can be prevented, closing the last window emits
// window-all-closed, ipcMain.handle allows one handler per channel.
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PreventableEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}
export const preventable = (): PreventableEvent => ({
  defaultPrevented: false,
  preventDefault() {
    this.defaultPrevented = true;
  },
});

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  url = '';
  loading = false;
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  permissionHandler: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | null = null;
  readonly mainFrame: { readonly url: string; parent: unknown };
  readonly session = {
    setPermissionRequestHandler: (h: FakeWebContents['permissionHandler']) => {
      this.permissionHandler = h;
    },
  };
  constructor() {
    super();
    const url = (): string => this.url;
    this.mainFrame = {
      get url() {
        return url();
      },
      parent: null,
    };
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  isLoading(): boolean {
    return this.loading;
  }
  setWindowOpenHandler(h: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = h;
  }
  /** An IPC event as Electron builds it for a call from this page's top frame. */
  ipcEvent(frame: { url: string; parent: unknown } | null = this.mainFrame): { sender: { id: number }; senderFrame: { url: string; parent: unknown } | null } {
    return { sender: this, senderFrame: frame };
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  destroyed = false;
  minimized = false;
  maximized = false;
  focused = 0;
  bounds: { x: number; y: number; width: number; height: number };
  constructor(readonly options: Record<string, unknown> & { x: number; y: number; width: number; height: number }) {
    super();
    this.bounds = { x: options.x, y: options.y, width: options.width, height: options.height };
    FakeBrowserWindow.all.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.webContents.url = url;
    queueMicrotask(() => this.emit('ready-to-show'));
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused++;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds(): FakeBrowserWindow['bounds'] {
    return { ...this.bounds };
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  backgroundColor = '';
  setBackgroundColor(c: string): void {
    this.backgroundColor = c;
  }
  /** As Electron: 'close' may be prevented; otherwise the window goes, then maybe the app. */
  close(): void {
    const e = preventable();
    this.emit('close', e);
    if (e.defaultPrevented) return;
    this.destroyed = true;
    this.emit('closed');
    if (FakeBrowserWindow.all.every((w) => w.destroyed)) fake.app.emit('window-all-closed');
  }
}

export class FakeTray extends EventEmitter {
  static all: FakeTray[] = [];
  tooltip = '';
  title = '';
  menu: { template: { label?: string; type?: string; enabled?: boolean; click?: () => void }[] } | null = null;
  destroyed = false;
  constructor(readonly image: unknown) {
    super();
    FakeTray.all.push(this);
  }
  setToolTip(t: string): void {
    this.tooltip = t;
  }
  setTitle(t: string): void {
    this.title = t;
  }
  setContextMenu(m: FakeTray['menu']): void {
    this.menu = m;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Click the menu item with this label. */
  click(label: string): void {
    const item = this.menu?.template.find((i) => i.label === label);
    if (!item?.click) throw new Error(`no clickable tray item "${label}" in ${JSON.stringify(this.menu?.template.map((i) => i.label))}`);
    item.click();
  }
}

export class FakeNotification extends EventEmitter {
  static all: FakeNotification[] = [];
  static isSupported = (): boolean => true;
  shown = false;
  constructor(readonly options: { title: string; body: string; icon?: string }) {
    super();
    FakeNotification.all.push(this);
  }
  show(): void {
    this.shown = true;
  }
}

/** As Electron: setting themeSource changes shouldUseDarkColors and emits 'updated'. */
class FakeNativeTheme extends EventEmitter {
  systemDark = false;
  private source: 'system' | 'light' | 'dark' = 'system';
  get themeSource(): 'system' | 'light' | 'dark' {
    return this.source;
  }
  set themeSource(v: 'system' | 'light' | 'dark') {
    const before = this.shouldUseDarkColors;
    this.source = v;
    if (this.shouldUseDarkColors !== before) this.emit('updated');
  }
  get shouldUseDarkColors(): boolean {
    return this.source === 'dark' || (this.source === 'system' && this.systemDark);
  }
  /** The desktop switched between light and dark. */
  setSystemDark(dark: boolean): void {
    const before = this.shouldUseDarkColors;
    this.systemDark = dark;
    if (this.shouldUseDarkColors !== before) this.emit('updated');
  }
}

class FakeApp extends EventEmitter {
  lock = true;
  isPackaged = false;
  quitRequests = 0;
  exited = false;
  badge = 0;
  loginItems: unknown[] = [];
  dir = mkdtempSync(join(tmpdir(), 'orc-shell-'));
  requestSingleInstanceLock(): boolean {
    return this.lock;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  getPath(name: string): string {
    return join(this.dir, name);
  }
  getAppPath(): string {
    return this.dir;
  }
  setBadgeCount(n: number): boolean {
    this.badge = n;
    return true;
  }
  setLoginItemSettings(s: unknown): void {
    this.loginItems.push(s);
  }
  /** As Electron: before-quit may be prevented; otherwise the app exits. */
  quit(): void {
    this.quitRequests++;
    const e = preventable();
    this.emit('before-quit', e);
    if (e.defaultPrevented) return;
    for (const w of FakeBrowserWindow.all) if (!w.destroyed) (w.destroyed = true);
    this.exited = true;
    this.emit('will-quit');
  }
}

class FakeIpcMain {
  // `never` for the event: the shell's listener expects its own event shape; the fake passes what it is given.
  readonly handlers = new Map<string, (event: never, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, fn: (event: never, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What ipcRenderer.invoke does: rejects when nothing handles the channel. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h(event as never, ...args);
  }
}

function build() {
  return {
    app: new FakeApp(),
    ipcMain: new FakeIpcMain(),
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: { buildFromTemplate: (template: unknown[]) => ({ template }) },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    nativeTheme: new FakeNativeTheme(),
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    },
    shell: { opened: [] as string[], openExternal: async (url: string) => void fake.shell.opened.push(url) },
    dialog: {
      next: { canceled: true, filePaths: [] as string[] },
      calls: [] as unknown[],
      showOpenDialog: async (...args: unknown[]) => (fake.dialog.calls.push(args.at(-1)), fake.dialog.next),
    },
    contextBridge: { exposed: new Map<string, unknown>(), exposeInMainWorld: (k: string, v: unknown) => void fake.contextBridge.exposed.set(k, v) },
  };
}

/** The current fake; `resetFake()` gives each test a fresh one (the module object stays the same). */
export const fake: ReturnType<typeof build> = build();

export function resetFake(): void {
  for (const w of FakeBrowserWindow.all) w.removeAllListeners();
  FakeBrowserWindow.all = [];
  FakeTray.all = [];
  FakeNotification.all = [];
  Object.assign(fake, build());
}

/** The module shape handed to vi.mock: getters so a reset fake is what the code sees. */
export const electronModule = {
  get app() { return fake.app; },
  get ipcMain() { return fake.ipcMain; },
  get BrowserWindow() { return fake.BrowserWindow; },
  get Tray() { return fake.Tray; },
  get Notification() { return fake.Notification; },
  get Menu() { return fake.Menu; },
  get nativeImage() { return fake.nativeImage; },
  get nativeTheme() { return fake.nativeTheme; },
  get screen() { return fake.screen; },
  get shell() { return fake.shell; },
  get dialog() { return fake.dialog; },
  get contextBridge() { return fake.contextBridge; },
};
