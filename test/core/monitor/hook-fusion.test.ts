// Hook events decide at once; the first settled screen check confirms or corrects them.
import { describe, expect, it } from 'vitest';
import { HOOK_SETTLE_MARGIN_MS, HookFusion } from '../../../src/core/monitor/hook-fusion.js';
import type { HookEvent } from '../../../src/core/agents/hooks.js';

const QUIET = 2_000;
const settle = QUIET + HOOK_SETTLE_MARGIN_MS;
const ev = (state: HookEvent['state'], at: number, event = 'Stop'): HookEvent => ({ event, at, state, detail: 'turn finished' });

describe('HookFusion', () => {
  it('a hook decides at once; an agreeing screen confirms and ends the claim', () => {
    const f = new HookFusion(() => QUIET);
    expect(f.onHook('%1', ev('idle', 1000), 1005, 'busy')).toEqual({ state: 'idle', reason: 'idle: turn finished (Stop hook)' });
    expect(f.onScreen('%1', { state: 'idle', reason: 'idle: prompt' }, 1100)).toEqual({ use: 'screen', corrected: null });
    expect(f.claimOf('%1')).toBeUndefined();
  });

  it('a screen that has not caught up yet is not a correction; the settled check is', () => {
    const f = new HookFusion(() => QUIET);
    f.onHook('%1', ev('busy', 1000, 'UserPromptSubmit'), 1000, 'idle');
    expect(f.onScreen('%1', { state: 'idle', reason: 'idle' }, 1050)).toEqual({ use: 'hook', recheckAt: 1000 + settle });
    // The hook lied: the settled check takes the screen and says which claim it corrected.
    expect(f.onScreen('%1', { state: 'idle', reason: 'idle' }, 1000 + settle)).toEqual({ use: 'screen', corrected: expect.objectContaining({ state: 'busy', event: 'UserPromptSubmit' }) });
    expect(f.claimOf('%1')).toBeUndefined();
  });

  it('a crash, a fatal error, a usage limit or a dead pane win at once', () => {
    const f = new HookFusion(() => QUIET);
    for (const state of ['crashed', 'error', 'rate_limited'] as const) {
      f.onHook('%2', ev('busy', 1000), 1000, 'idle');
      expect(f.onScreen('%2', { state, reason: state }, 1001).use).toBe('screen');
    }
    f.onHook('%2', ev('busy', 1000), 1000, 'idle');
    expect(f.onScreen('%2', { state: 'idle', reason: 'idle' }, 1001, true).use).toBe('screen');
  });

  it('events that say nothing about the state claim nothing; the clock of a hook ahead of ours is clamped', () => {
    const f = new HookFusion(() => QUIET);
    expect(f.onHook('%3', ev(null, 1000, 'SessionEnd'), 1000, 'idle')).toBeNull();
    expect(f.onScreen('%3', { state: 'crashed', reason: 'x' }, 1001)).toEqual({ use: 'screen', corrected: null });
    f.onHook('%3', ev('idle', 99_999), 1000, 'busy');
    expect(f.claimOf('%3')?.at).toBe(1000);
    f.drop('%3');
    expect(f.claimOf('%3')).toBeUndefined();
  });

  it('a hook that reports what the screen already showed claims nothing: the screens after it are newer news', () => {
    const f = new HookFusion(() => QUIET);
    // The screen showed the permission prompt first; the PermissionRequest hook's process
    // reported it a second later, when the prompt had been answered and the tool was running.
    expect(f.onHook('%4', ev('waiting', 1000, 'PermissionRequest'), 1000, 'waiting')).toEqual({ state: 'waiting', reason: 'waiting: turn finished (PermissionRequest hook)' });
    expect(f.claimOf('%4')).toBeUndefined();
    expect(f.onScreen('%4', { state: 'busy', reason: 'busy' }, 1050)).toEqual({ use: 'screen', corrected: null });
  });
});
