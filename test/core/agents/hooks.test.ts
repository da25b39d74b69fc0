// What agents' hook events mean, how they travel in @orc-hook, and what spawn installs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AGENT_STATES } from '../../../src/shared/vocabulary.js';
import { claudeSettingsFile, geminiSettingsFile, geminiSystemDefaultsPath, geminiSystemDirProblem, hookLaunch, type HookInstallOptions } from '../../../src/core/agents/hook-install.js';
import { CLAUDE_HOOK_EVENTS, GEMINI_HOOK_EVENTS, encodeHookEvent, hookEventOf, hookTmuxCommands, parseHookEvent } from '../../../src/core/agents/hooks.js';

describe('hookEventOf', () => {
  it('maps Claude Code events to states, the payload naming the event', () => {
    const at = 1_700_000_000_000;
    expect(hookEventOf('claude', { hook_event_name: 'UserPromptSubmit', prompt: 'hi' }, undefined, at)).toEqual({ event: 'UserPromptSubmit', at, state: 'busy', detail: 'prompt submitted' });
    expect(hookEventOf('claude', { tool_name: 'Bash' }, 'PreToolUse', at)).toMatchObject({ state: 'busy', detail: 'running Bash' });
    expect(hookEventOf('claude', { hook_event_name: 'PostToolUse', tool_name: 'Edit' }, 'PreToolUse', at)).toMatchObject({ event: 'PostToolUse', state: 'busy', detail: 'ran Edit' });
    expect(hookEventOf('claude', { hook_event_name: 'Stop' }, undefined, at)).toMatchObject({ state: 'idle' });
    expect(hookEventOf('claude', { hook_event_name: 'PermissionRequest', tool_name: 'Bash' }, undefined, at)).toMatchObject({ state: 'waiting', detail: 'permission to use Bash' });
    expect(hookEventOf('claude', { hook_event_name: 'Notification', notification_type: 'permission_prompt', message: 'Claude needs your permission to use Bash' }, undefined, at)).toMatchObject({ state: 'waiting', detail: 'Claude needs your permission to use Bash' });
    // Older versions: no notification_type, the message says it.
    expect(hookEventOf('claude', { hook_event_name: 'Notification', message: 'Claude needs your permission to use Write' }, undefined, at).state).toBe('waiting');
    expect(hookEventOf('claude', { hook_event_name: 'Notification', message: 'Claude is waiting for your input' }, undefined, at).state).toBe('idle');
    expect(hookEventOf('claude', { hook_event_name: 'Notification', message: 'Signed in' }, undefined, at).state).toBeNull();
    expect(hookEventOf('claude', { hook_event_name: 'SessionEnd', reason: 'exit' }, undefined, at)).toMatchObject({ state: null, detail: 'exit' });
  });

  it('maps Codex turn completion and Gemini CLI events; bad payloads fall back to the named event', () => {
    expect(hookEventOf('codex', { type: 'agent-turn-complete', 'last-assistant-message': 'ok' }, undefined, 1)).toMatchObject({ state: 'idle', detail: 'ok' });
    expect(hookEventOf('gemini', { hook_event_name: 'BeforeTool', tool_name: 'run_shell_command' }, undefined, 1)).toMatchObject({ state: 'busy' });
    expect(hookEventOf('gemini', { hook_event_name: 'AfterAgent' }, undefined, 1).state).toBe('idle');
    expect(hookEventOf('gemini', { hook_event_name: 'BeforeAgent', prompt: 'hi' }, undefined, 1)).toMatchObject({ state: 'busy', detail: 'prompt submitted' });
    // Gemini CLI 0.61's confirmation dialog: its message does not say "permission", its type does.
    expect(hookEventOf('gemini', { hook_event_name: 'Notification', notification_type: 'ToolPermission', message: 'Tool Shell requires execution' }, undefined, 1)).toMatchObject({ state: 'waiting', detail: 'Tool Shell requires execution' });
    expect(hookEventOf('gemini', { hook_event_name: 'SessionEnd', reason: 'exit' }, undefined, 1)).toMatchObject({ state: null, detail: 'exit' });
    expect(hookEventOf('claude', null, 'Stop', 1)).toMatchObject({ event: 'Stop', state: 'idle' });
    expect(hookEventOf('claude', [1, 2], undefined, 1)).toMatchObject({ event: 'unknown', state: null });
  });

  it('travels as one line of printable text, control bytes and length cut', () => {
    const e = hookEventOf('claude', { hook_event_name: 'Notification', notification_type: 'permission_prompt', message: `rm -rf \x1b[31m/\t\n${'x'.repeat(500)}` }, undefined, 5);
    const value = encodeHookEvent(e);
    expect(value.split('\t')).toHaveLength(4);
    expect(value).not.toMatch(/[\x00-\x08\x0a-\x1f\x7f]/);
    const back = parseHookEvent(value, AGENT_STATES)!;
    expect(back).toMatchObject({ event: 'Notification', at: 5, state: 'waiting' });
    expect(back.detail.length).toBeLessThanOrEqual(200);
    expect(parseHookEvent('Stop\tnot-a-time\tidle\t', AGENT_STATES)).toBeNull();
    expect(parseHookEvent('Stop\t9\tsleepy\tx', AGENT_STATES)).toMatchObject({ state: null });
    expect(hookTmuxCommands('%3', e).map((c) => c[0])).toEqual(['set-option', 'wait-for']);
  });
});

describe('hook installation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orc-hooks-'));
  const o: HookInstallOptions = { tmuxOrc: ['/usr/bin/node', "/opt/it's here/bin/tmux-orc.js"], dir: join(dir, 'hooks'), types: { claude: true, codex: true, gemini: true } };

  it('gives Claude Code a settings file of ours running `tmux-orc hook claude EVENT` for its seven events', () => {
    const launch = hookLaunch('claude', o);
    const file = claudeSettingsFile(o);
    expect(launch).toEqual({ prefix: '', args: `--settings ${file}` });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const settings = JSON.parse(readFileSync(file, 'utf8')) as { hooks: Record<string, { matcher?: string; hooks: { type: string; command: string }[] }[]> };
    expect(Object.keys(settings.hooks)).toEqual([...CLAUDE_HOOK_EVENTS]);
    expect(settings.hooks.PreToolUse![0]!.matcher).toBe('*');
    expect(settings.hooks.PermissionRequest![0]!.matcher).toBe('*');
    expect(settings.hooks.Stop![0]!.matcher).toBeUndefined();
    expect(settings.hooks.Stop![0]!.hooks[0]).toMatchObject({ type: 'command', command: `/usr/bin/node '/opt/it'\\''s here/bin/tmux-orc.js' hook claude Stop` });
    // Named by content: the same install gives the same file.
    expect(claudeSettingsFile(o)).toBe(file);
  });

  it("gives Codex its notify program; other types, or hooks turned off, get nothing", () => {
    expect(hookLaunch('codex', o).args).toBe(`-c 'notify=["/usr/bin/node","/opt/it'\\''s here/bin/tmux-orc.js","hook","codex"]'`);
    for (const [type, opts] of [['custom', o], ['aider', o], ['claude', { ...o, types: { ...o.types, claude: false } }], ['gemini', { ...o, types: { ...o.types, gemini: false } }], ['claude', null]] as const) {
      expect(hookLaunch(type, opts), `${type}`).toEqual({ prefix: '', args: '' });
    }
  });

  it('gives Gemini CLI nothing where it would not read a file of ours: not root, or a folder others can write (/tmp)', () => {
    // Gemini CLI 0.61 skips a system file unless root owns it and every folder above it, none writable by others.
    expect(geminiSystemDirProblem(o.dir)).toMatch(/writable by group or others|not owned by root/);
    if (process.getuid?.() === 0) expect(() => hookLaunch('gemini', o)).toThrow(/would skip a system-defaults file/);
    else expect(hookLaunch('gemini', o)).toEqual({ prefix: '', args: '' });
  });

  // Root, with a home no one else can write: where Gemini CLI reads a file of ours.
  const home = process.getuid?.() === 0 && !geminiSystemDirProblem(homedir()) ? mkdtempSync(join(homedir(), '.orc-hooks-test-')) : null;
  afterAll(() => {
    if (home) rmSync(home, { recursive: true, force: true });
  });
  if (!home) console.warn('skipping the Gemini CLI hook file test: it needs root and a home only root can write (as Gemini CLI itself does)');
  it.skipIf(!home)('gives Gemini CLI a system-defaults file of ours: the one it would read, kept whole, with our hooks after its own', () => {
    const g: HookInstallOptions = { ...o, dir: join(home!, 'hooks') };
    // No system defaults of the person's: ours holds only the hooks.
    const none = { GEMINI_CLI_SYSTEM_SETTINGS_PATH: join(home!, 'nowhere', 'settings.json') };
    expect(geminiSystemDefaultsPath(none)).toBe(join(home!, 'nowhere', 'system-defaults.json'));
    const launch = hookLaunch('gemini', g, none);
    const file = geminiSettingsFile(g, none);
    expect(launch).toEqual({ prefix: `GEMINI_CLI_SYSTEM_DEFAULTS_PATH=${file}`, args: '' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    type Hooks = Record<string, { matcher?: string; hooks: { type: string; command: string; timeout?: number }[] }[]>;
    const ours = JSON.parse(readFileSync(file, 'utf8')) as { hooks: Hooks };
    expect(Object.keys(ours.hooks)).toEqual([...GEMINI_HOOK_EVENTS]);
    expect(ours.hooks.BeforeTool![0]!.matcher).toBe('*');
    expect(ours.hooks.AfterAgent![0]!.hooks[0]).toEqual({ type: 'command', command: `/usr/bin/node '/opt/it'\\''s here/bin/tmux-orc.js' hook gemini AfterAgent`, timeout: 10_000 });

    // The person's own system defaults (named by the variable): every key kept, their hooks first.
    const theirs = join(home!, 'their-defaults.json');
    const mine = { type: 'command', command: 'notify-send done' };
    writeFileSync(theirs, JSON.stringify({ ui: { theme: 'GitHub' }, hooks: { AfterAgent: [{ hooks: [mine] }] } }));
    const merged = JSON.parse(readFileSync(geminiSettingsFile(g, { GEMINI_CLI_SYSTEM_DEFAULTS_PATH: theirs }), 'utf8')) as { ui: unknown; hooks: Hooks };
    expect(merged.ui).toEqual({ theme: 'GitHub' });
    expect(merged.hooks.AfterAgent!.map((d) => d.hooks[0]!.command)).toEqual(['notify-send done', ours.hooks.AfterAgent![0]!.hooks[0]!.command]);
    expect(JSON.parse(readFileSync(theirs, 'utf8'))).toEqual({ ui: { theme: 'GitHub' }, hooks: { AfterAgent: [{ hooks: [mine] }] } });

    // One we cannot read as JSON is not replaced: no hooks (the spawn says so and goes on).
    mkdirSync(join(home!, 'bad'));
    writeFileSync(join(home!, 'bad', 'system-defaults.json'), '{ // a comment\n}');
    expect(() => hookLaunch('gemini', g, { GEMINI_CLI_SYSTEM_SETTINGS_PATH: join(home!, 'bad', 'settings.json') })).toThrow();
  });
});
