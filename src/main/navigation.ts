// What the window may show and who may call: only our renderer, never remote content.
import type { IpcCallEvent } from './ipc.js';

/**
 * Whether `url` belongs to the app: same origin as the dev server, or (packaged) a file
 * inside the renderer's directory. Anything unparsable is not ours.
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  let target: URL;
  let base: URL;
  try {
    target = new URL(url);
    base = new URL(appUrl);
  } catch {
    return false;
  }
  if (base.protocol === 'file:') {
    if (target.protocol !== 'file:' || target.host !== base.host) return false;
    const dir = base.pathname.slice(0, base.pathname.lastIndexOf('/') + 1);
    // Normalised by URL(): "../" cannot climb out of the renderer directory.
    return target.pathname.startsWith(dir);
  }
  if (base.protocol === 'http:' || base.protocol === 'https:') return target.origin === base.origin;
  return false;
}

/** Links the app may hand to the system browser (never file:, javascript:, custom schemes). */
export function isExternalWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** A call is trusted when it comes from our window's top frame while it shows our page. */
export function isTrustedSender(event: IpcCallEvent, windowContentsId: number | null, appUrl: string): boolean {
  if (windowContentsId === null || event.sender.id !== windowContentsId) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false;
  return isAppUrl(frame.url, appUrl);
}

/** The part of webContents the guards use. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (e: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (e: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Block navigation away from the app, new windows and webviews; web links open outside. */
export function guardNavigation(contents: GuardedContents, appUrl: string, openExternal: (url: string) => void): void {
  const keepInApp = (e: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url, appUrl)) e.preventDefault();
  };
  contents.on('will-navigate', keepInApp);
  contents.on('will-redirect', keepInApp);
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}
