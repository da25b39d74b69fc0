import { describe, expect, it } from 'vitest';
import { guardNavigation, isAppUrl, isExternalWebUrl, isTrustedSender, type GuardedContents } from '../../src/main/navigation.js';
import { preventable } from './fake-electron.js';

const packaged = 'file:///opt/Tmux%20Orchestrator/resources/app.asar/out/renderer/index.html';
const dev = 'http://localhost:5173';

describe('isAppUrl', () => {
  it('accepts the renderer itself, its routes and files beside it', () => {
    expect(isAppUrl(`${packaged}#/agents/local%2F%251`, packaged)).toBe(true);
    expect(isAppUrl('file:///opt/Tmux%20Orchestrator/resources/app.asar/out/renderer/assets/x.js', packaged)).toBe(true);
    expect(isAppUrl('http://localhost:5173/agents?x=1', dev)).toBe(true);
  });

  it('refuses other files, other origins and odd schemes', () => {
    expect(isAppUrl('file:///etc/passwd', packaged)).toBe(false);
    expect(isAppUrl('file:///opt/Tmux%20Orchestrator/resources/app.asar/out/renderer/../../../../../etc/passwd', packaged)).toBe(false);
    expect(isAppUrl('file://evil-host/opt/Tmux%20Orchestrator/resources/app.asar/out/renderer/index.html', packaged)).toBe(false);
    expect(isAppUrl('https://example.com/', packaged)).toBe(false);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('http://localhost.evil.example:5173/', dev)).toBe(false);
    expect(isAppUrl('javascript:alert(1)', dev)).toBe(false);
    expect(isAppUrl('not a url', dev)).toBe(false);
    expect(isAppUrl(dev, 'devtools://devtools/x')).toBe(false);
  });

  it('hands only http(s) links to the system browser', () => {
    expect(isExternalWebUrl('https://github.com/x')).toBe(true);
    expect(isExternalWebUrl('file:///etc/passwd')).toBe(false);
    expect(isExternalWebUrl('smb://share/x')).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const ours = { sender: { id: 7 }, senderFrame: { url: `${dev}/`, parent: null } };
  it('trusts our window top frame on our page only', () => {
    expect(isTrustedSender(ours, 7, dev)).toBe(true);
    expect(isTrustedSender(ours, 8, dev)).toBe(false);
    expect(isTrustedSender(ours, null, dev)).toBe(false);
    expect(isTrustedSender({ ...ours, senderFrame: { url: `${dev}/`, parent: {} } }, 7, dev)).toBe(false);
    expect(isTrustedSender({ ...ours, senderFrame: { url: 'https://evil.example/', parent: null } }, 7, dev)).toBe(false);
    expect(isTrustedSender({ ...ours, senderFrame: null }, 7, dev)).toBe(false);
  });
});

describe('guardNavigation', () => {
  it('blocks navigation away, new windows and webviews; opens web links outside', () => {
    const listeners = new Map<string, (e: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
    const contents: GuardedContents = {
      on: (event: string, l: (e: { preventDefault(): void }, url: string) => void) => listeners.set(event, l),
      setWindowOpenHandler: (h) => void (openHandler = h),
    };
    const opened: string[] = [];
    guardNavigation(contents, dev, (u) => opened.push(u));
    const nav = (event: string, url: string): boolean => {
      const e = preventable();
      listeners.get(event)!(e, url);
      return e.defaultPrevented;
    };
    expect(nav('will-navigate', 'https://evil.example/')).toBe(true);
    expect(nav('will-redirect', 'https://evil.example/')).toBe(true);
    expect(nav('will-navigate', `${dev}/settings`)).toBe(false);
    expect(nav('will-attach-webview', '')).toBe(true);
    expect(openHandler!({ url: 'https://github.com/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://github.com/']);
  });
});
