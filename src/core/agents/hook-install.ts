// Installing the hooks on spawn: what makes an agent CLI report its own events through
// `tmux-orc hook` (core/agents/hooks.ts). Claude Code gets a settings file of ours with
// `--settings` (merged over the user's settings, which are never touched); Codex gets its
// `notify` program with `-c`; Gemini CLI (no settings option) gets a system-defaults file of ours
// through GEMINI_CLI_SYSTEM_DEFAULTS_PATH: a copy of the system defaults it would have read, if
// any, with our hooks added (its lowest scope: the user's and the project's settings still win,
// and their hooks run too). Gemini CLI 0.61 reads a system file only when root owns it and every
// folder above it, none writable by group or others (else it skips it and says so on screen):
// so only an engine running as root, with its files in such folders, gives Gemini its hooks;
// elsewhere Gemini agents are read from the screen alone. Other types get nothing.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SpawnType } from '../../shared/vocabulary.js';
import { shellQuote } from '../tmux/index.js';
import { claudeHookSettings, geminiHooks } from './hooks.js';

/** Which types get hooks on spawn (settings.agentHooks). */
export interface HookTypes {
  claude: boolean;
  codex: boolean;
  gemini: boolean;
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

/** A file of ours named by its content (`<kind>-<hash>.json`), written on first use. */
function contentFile(o: HookInstallOptions, kind: string, value: unknown): string {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  const file = join(o.dir, `${kind}-${hash}.json`);
  writeOnce(file, text);
  return file;
}

const hookCommand = (o: HookInstallOptions, source: string) => `${o.tmuxOrc.map(shellQuote).join(' ')} hook ${source}`;

/** The settings file for Claude Code, written on first use. */
export function claudeSettingsFile(o: HookInstallOptions): string {
  return contentFile(o, 'claude-hooks', claudeHookSettings(hookCommand(o, 'claude')));
}

/** Where Gemini CLI reads its system defaults when we do not point it elsewhere (its own rule, on Linux and macOS). */
export function geminiSystemDefaultsPath(env: NodeJS.ProcessEnv): string {
  if (env.GEMINI_CLI_SYSTEM_DEFAULTS_PATH) return env.GEMINI_CLI_SYSTEM_DEFAULTS_PATH;
  const settings = env.GEMINI_CLI_SYSTEM_SETTINGS_PATH || (process.platform === 'darwin' ? '/Library/Application Support/GeminiCli/settings.json' : '/etc/gemini-cli/settings.json');
  return join(dirname(settings), 'system-defaults.json');
}

/** Why Gemini CLI would skip a system file in `dir` (its own check: root's, not writable by group or others, up to /), or null. */
export function geminiSystemDirProblem(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    const st = statSync(d);
    if (st.uid !== 0) return `${d} is not owned by root`;
    if (st.mode & 0o022) return `${d} is writable by group or others`;
    if (dirname(d) === d) return null;
  }
}

/**
 * Our system-defaults file for Gemini CLI: the one it would read (`env` is the agent's), kept
 * whole, with our hooks after its own. One that is there but not plain JSON is not replaced, and
 * a folder Gemini CLI would not read from is not used: no hooks then (throws; the spawn goes on
 * without them).
 */
export function geminiSettingsFile(o: HookInstallOptions, env: NodeJS.ProcessEnv): string {
  mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  const unsafe = geminiSystemDirProblem(o.dir);
  if (unsafe) throw new Error(`Gemini CLI would skip a system-defaults file in ${o.dir}: ${unsafe}`);
  const theirsPath = geminiSystemDefaultsPath(env);
  let theirs: Record<string, unknown> = {};
  if (existsSync(theirsPath)) {
    const parsed: unknown = JSON.parse(readFileSync(theirsPath, 'utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${theirsPath} is not a JSON object`);
    theirs = parsed as Record<string, unknown>;
  }
  const theirHooks = theirs.hooks && typeof theirs.hooks === 'object' ? (theirs.hooks as Record<string, unknown>) : {};
  const hooks: Record<string, unknown> = { ...theirHooks };
  for (const [event, ours] of Object.entries(geminiHooks(hookCommand(o, 'gemini')))) {
    const existing = hooks[event];
    hooks[event] = Array.isArray(existing) ? [...(existing as unknown[]), ...ours] : ours;
  }
  return contentFile(o, 'gemini-hooks', { ...theirs, hooks });
}

/** How a spawned agent of `type` gets its hooks: a shell prefix (variable assignments) and arguments, each '' for none. */
export interface HookLaunch {
  prefix: string;
  args: string;
}

/** The hooks for an agent of `type` whose environment is `env` (files are written now). */
export function hookLaunch(type: SpawnType, o: HookInstallOptions | null, env: NodeJS.ProcessEnv = process.env): HookLaunch {
  const none = { prefix: '', args: '' };
  if (!o) return none;
  if (type === 'claude' && o.types.claude) return { prefix: '', args: `--settings ${shellQuote(claudeSettingsFile(o))}` };
  if (type === 'codex' && o.types.codex) {
    // A TOML array: the program Codex runs with the turn's JSON as its last argument.
    const notify = `notify=${JSON.stringify([...o.tmuxOrc, 'hook', 'codex'])}`;
    return { prefix: '', args: `-c ${shellQuote(notify)}` };
  }
  // Not root: Gemini CLI would never read a file of ours (see the top): the screen alone tells.
  if (type === 'gemini' && o.types.gemini && process.getuid?.() === 0) {
    return { prefix: `GEMINI_CLI_SYSTEM_DEFAULTS_PATH=${shellQuote(geminiSettingsFile(o, env))}`, args: '' };
  }
  return none;
}
