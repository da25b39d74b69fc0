// Installing the hooks on spawn: the extra arguments that make an agent CLI report its own
// events through `tmux-orc hook` (core/agents/hooks.ts). Claude Code gets a settings file of
// ours with `--settings` (merged over the user's settings, which are never touched); Codex gets
// its `notify` program with `-c`. Other types get nothing.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpawnType } from '../../shared/vocabulary.js';
import { shellQuote } from '../tmux/index.js';
import { claudeHookSettings } from './hooks.js';

/** Which types get hooks on spawn (settings.agentHooks). */
export interface HookTypes {
  claude: boolean;
  codex: boolean;
}

export interface HookInstallOptions {
  /** How to run `tmux-orc` (program and script): e.g. [node, <package>/bin/tmux-orc.js]. */
  tmuxOrc: readonly string[];
  /** Where our Claude Code settings file is written. */
  dir: string;
  types: HookTypes;
}

/** `tmux-orc` as this process would run it: Node and the package's bin (under Electron, as Node). */
export function tmuxOrcArgv(packageRoot: string): string[] {
  const bin = join(packageRoot, 'bin', 'tmux-orc.js');
  return process.versions.electron ? ['env', 'ELECTRON_RUN_AS_NODE=1', process.execPath, bin] : [process.execPath, bin];
}

/** Write `text` to `file` unless it is there already (named by its content: never stale). */
function writeOnce(file: string, text: string): void {
  if (existsSync(file)) return;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** The settings file for Claude Code, written on first use. */
export function claudeSettingsFile(o: HookInstallOptions): string {
  const command = `${o.tmuxOrc.map(shellQuote).join(' ')} hook claude`;
  const text = `${JSON.stringify(claudeHookSettings(command), null, 2)}\n`;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  const file = join(o.dir, `claude-hooks-${hash}.json`);
  writeOnce(file, text);
  return file;
}

/** Extra command-line arguments for a spawned agent of `type`, shell-quoted ('' for none). */
export function hookArgs(type: SpawnType, o: HookInstallOptions | null): string {
  if (!o) return '';
  if (type === 'claude' && o.types.claude) return `--settings ${shellQuote(claudeSettingsFile(o))}`;
  if (type === 'codex' && o.types.codex) {
    // A TOML array: the program Codex runs with the turn's JSON as its last argument.
    const notify = `notify=${JSON.stringify([...o.tmuxOrc, 'hook', 'codex'])}`;
    return `-c ${shellQuote(notify)}`;
  }
  return '';
}
