// "Open at login". Electron's setLoginItemSettings covers macOS and Windows only; on Linux
// the freedesktop way is a .desktop file in ~/.config/autostart.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const AUTOSTART_FILE = 'tmux-orchestrator.desktop';

/**
 * Quote one Exec argument per the Desktop Entry spec: inside quotes `"`, `` ` ``, `$` and `\`
 * take a backslash, the string-level escape then doubles every backslash, and a literal `%`
 * is written `%%` (a lone one would be a field code).
 */
export function quoteExecArg(arg: string): string {
  const percent = arg.replace(/%/g, '%%');
  if (/^[A-Za-z0-9_@+=:,./%-]+$/.test(percent)) return percent;
  const quoted = percent.replace(/[\\"`$]/g, (c) => (c === '\\' ? '\\\\\\\\' : `\\\\${c}`));
  return `"${quoted}"`;
}

/** The autostart entry; `--hidden` starts the app in the tray, not in your face. */
export function autostartEntry(exec: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Tmux Orchestrator',
    `Exec=${[...exec, '--hidden'].map(quoteExecArg).join(' ')}`,
    'Icon=tmux-orchestrator',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export interface LoginItemDeps {
  platform: NodeJS.Platform;
  /** Electron's app.setLoginItemSettings (macOS, Windows). */
  setLoginItemSettings: (s: { openAtLogin: boolean; args?: string[] }) => void;
  /** ~/.config/autostart (Linux). */
  autostartDir: string;
  /** Command that starts this app: the AppImage path, or the installed binary. */
  exec: readonly string[];
}

export function applyOpenAtLogin(enabled: boolean, deps: LoginItemDeps): void {
  if (deps.platform !== 'linux') {
    deps.setLoginItemSettings({ openAtLogin: enabled, args: enabled ? ['--hidden'] : [] });
    return;
  }
  const file = join(deps.autostartDir, AUTOSTART_FILE);
  if (enabled) {
    mkdirSync(deps.autostartDir, { recursive: true });
    writeFileSync(file, autostartEntry(deps.exec));
  } else {
    rmSync(file, { force: true });
  }
}
