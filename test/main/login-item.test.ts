import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyOpenAtLogin, AUTOSTART_FILE, autostartEntry, quoteExecArg } from '../../src/main/login-item.js';

const dir = mkdtempSync(join(tmpdir(), 'orc-autostart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('open at login', () => {
  it('on Linux writes and removes an autostart entry that starts in the tray', () => {
    const calls: unknown[] = [];
    const deps = { platform: 'linux' as const, setLoginItemSettings: (s: unknown) => void calls.push(s), autostartDir: join(dir, 'autostart'), exec: ['/home/me/Apps/Tmux Orchestrator.AppImage'] };
    applyOpenAtLogin(true, deps);
    const text = readFileSync(join(dir, 'autostart', AUTOSTART_FILE), 'utf8');
    expect(text).toContain('Exec="/home/me/Apps/Tmux Orchestrator.AppImage" --hidden\n');
    expect(text.startsWith('[Desktop Entry]\nType=Application\n')).toBe(true);
    applyOpenAtLogin(false, deps);
    expect(existsSync(join(dir, 'autostart', AUTOSTART_FILE))).toBe(false);
    applyOpenAtLogin(false, deps); // already off: nothing to remove, no error
    expect(calls).toEqual([]);
  });

  it('on macOS and Windows uses Electron login items', () => {
    const calls: unknown[] = [];
    const deps = { platform: 'darwin' as const, setLoginItemSettings: (s: unknown) => void calls.push(s), autostartDir: join(dir, 'unused'), exec: ['/x'] };
    applyOpenAtLogin(true, deps);
    applyOpenAtLogin(false, deps);
    expect(calls).toEqual([{ openAtLogin: true, args: ['--hidden'] }, { openAtLogin: false, args: [] }]);
    expect(existsSync(join(dir, 'unused'))).toBe(false);
  });

  it('quotes Exec arguments per the Desktop Entry spec', () => {
    expect(quoteExecArg('/usr/bin/tmux-orchestrator')).toBe('/usr/bin/tmux-orchestrator');
    // quote level: \" \` \$ \\ ; string level then doubles each backslash
    expect(quoteExecArg('/a b/$HOME "x"`y`\\')).toBe('"/a b/\\\\$HOME \\\\"x\\\\"\\\\`y\\\\`\\\\\\\\"');
    expect(quoteExecArg('/opt/100%/app')).toBe('/opt/100%%/app');
    expect(autostartEntry(['/opt/app'])).toContain('Exec=/opt/app --hidden');
  });
});
