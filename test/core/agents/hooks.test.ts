// What agents' hook events mean, how they travel in @orc-hook, and what spawn installs.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_STATES } from '../../../src/shared/vocabulary.js';
import { claudeSettingsFile, hookArgs, type HookInstallOptions } from '../../../src/core/agents/hook-install.js';
import { CLAUDE_HOOK_EVENTS, encodeHookEvent, hookEventOf, hookTmuxCommands, parseHookEvent } from '../../../src/core/agents/hooks.js';

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
  const o: HookInstallOptions = { tmuxOrc: ['/usr/bin/node', "/opt/it's here/bin/tmux-orc.js"], dir: join(dir, 'hooks'), types: { claude: true, codex: true } };

  it('gives Claude Code a settings file of ours running `tmux-orc hook claude EVENT` for its seven events', () => {
    const args = hookArgs('claude', o);
    const file = claudeSettingsFile(o);
    expect(args).toBe(`--settings ${file}`);
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
    expect(hookArgs('codex', o)).toBe(`-c 'notify=["/usr/bin/node","/opt/it'\\''s here/bin/tmux-orc.js","hook","codex"]'`);
    expect(hookArgs('gemini', o)).toBe('');
    expect(hookArgs('custom', o)).toBe('');
    expect(hookArgs('claude', { ...o, types: { claude: false, codex: true } })).toBe('');
    expect(hookArgs('claude', null)).toBe('');
  });
});
