// The agent state machine on real Claude Code screens (test/fixtures/screens): a running agent's
// screen caught mid-redraw (no input box yet) is not a restart and does not lose the prompt on
// screen (nor its age, which answers wait on), and a screen that still says starting after the
// hold is believed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StateTransition } from '../../../src/shared/domain.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { AgentRegistry } from '../../../src/core/agents/registry.js';
import type { PaneRow } from '../../../src/core/tmux/panes.js';
import { AgentStates } from '../../../src/core/monitor/agent-states.js';
import type { PaneSnapshot } from '../../../src/core/monitor/capture.js';

/** agent-states.ts FRAME_HOLD_MS. */
const FRAME_HOLD_MS = 1_000;

function screen(rel: string): string {
  const text = readFileSync(join('test/fixtures/screens', rel), 'utf8');
  return text.slice(text.indexOf('\n') + 1);
}

/** What Claude Code shows for a moment while it clears and redraws: its banner, nothing else yet. */
const MID_REDRAW = [' ▐▛███▛█   Claude Code v2.1.332', '▝▜██████▀  Opus 5.5 · API Usage Billing', ' ▝▝   ▝▝   /tmp/project', '', ''].join('\n');

const row: PaneRow = {
  paneId: '%1', sessionId: '$1', session: 's', windowId: '@1', windowIndex: 0, windowName: 'cc', paneIndex: 0, target: 's:0.0',
  command: 'claude', pid: 1, dead: false, deadStatus: null, cwd: '/w', width: 80, height: 24, inMode: false, active: false,
  orcName: 'cc', orcType: 'claude', orcRole: 'engineer', orcTeam: '', title: '',
};

let now = 1_000_000;
const rechecks: string[] = [];
let states: AgentStates | null = null;

function machine(pane: PaneRow = row, initial = false): { states: AgentStates; transitions: StateTransition[]; registry: AgentRegistry } {
  const registry = new AgentRegistry({ now: () => now });
  const transitions: StateTransition[] = [];
  states = new AgentStates({
    registry,
    history: { transition: (t) => transitions.push(t), firstLook: () => undefined, addStateTime: () => undefined, forget: () => undefined, gone: () => undefined, listedFirst: () => undefined },
    settings: () => DEFAULT_SETTINGS,
    now: () => now,
    recheck: (paneId) => rechecks.push(paneId),
    emit: () => undefined,
    updated: () => undefined,
  });
  states.listed(registry.apply([pane]), initial);
  return { states, transitions, registry };
}

const snap = (text: string, command = 'claude'): PaneSnapshot => ({ screen: text, command, dead: false, deadStatus: null, sending: false, hash: String(text.length) });

afterEach(() => {
  states?.stop(now);
  rechecks.length = 0;
});

describe('AgentStates: a screen caught mid-redraw', () => {
  it('does not send a running agent back to starting, nor drop the prompt it shows', async () => {
    const { states: s, transitions, registry } = machine();
    s.screenChanged('%1', snap(screen('claude/waiting-bash-permission-prompt.txt')), { now, sinceOutputMs: 100, outputSince: null });
    expect(registry.byPane('%1')?.state).toBe('waiting');
    const shown = registry.byPane('%1')?.prompt;
    expect(shown?.fingerprint).toBeTruthy();
    now += 300;
    expect(s.screenChanged('%1', snap(MID_REDRAW), { now, sinceOutputMs: 5, outputSince: now - 5 })).toBe('waiting');
    expect(registry.byPane('%1')).toMatchObject({ state: 'waiting', prompt: { fingerprint: shown?.fingerprint, since: shown?.since } });
    expect(transitions.map((t) => t.to)).toEqual(['waiting']);
    // The screen is looked at again within the hold.
    await new Promise((r) => setTimeout(r, FRAME_HOLD_MS + 50));
    expect(rechecks).toContain('%1');
    now += 80;
    s.screenChanged('%1', snap(screen('claude/busy-long-running-tool.txt')), { now, sinceOutputMs: 10, outputSince: now - 10 });
    expect(transitions.map((t) => t.to)).toEqual(['waiting', 'busy']);
  }, FRAME_HOLD_MS + 5_000);

  it('believes a starting screen that outlasts the hold (a respawned agent)', () => {
    const { states: s, transitions } = machine();
    s.screenChanged('%1', snap(screen('claude/idle-empty-input-box.txt')), { now, sinceOutputMs: 5_000, outputSince: null });
    now += 10_000;
    s.screenChanged('%1', snap(MID_REDRAW), { now, sinceOutputMs: 5, outputSince: null });
    expect(transitions.map((t) => t.to)).toEqual(['idle']);
    now += FRAME_HOLD_MS;
    s.screenChanged('%1', snap(`${MID_REDRAW}\n`), { now, sinceOutputMs: 5, outputSince: null });
    expect(transitions.map((t) => t.to)).toEqual(['idle', 'starting']);
  });
});

/**
 * A frame of the real Gemini CLI 0.61 caught while it rewrites its whole history on /quit (one of
 * the frames it draws before its summary): the newest prompt echo is at the bottom, and the usage
 * limit of the turn before it is the latest answer on screen. On its own it reads rate_limited;
 * CI saw it reported between error and crashed.
 */
function tornGeminiExitFrame(): string {
  const lines = screen('gemini/error-context-limit.txt').split('\n');
  const echo = lines.findIndex((l) => / > orc-500 go/.test(l));
  const limit = [
    '✕ [API Error: You have exhausted your daily quota on this model.]',
    '  Please wait and try again later. To increase your limits, request a quota increase through AI Studio, or switch to',
    '  another /auth method',
    '',
    '',
    'ℹ This request failed. Press F12 for diagnostics, or run /settings and change "Error Verbosity" to full for full',
    '  details.',
  ];
  return [...lines.slice(0, echo - 1), lines[echo - 1]!.replace(/./g, '▄'), ' > orc-429-usage go', lines[echo + 1]!, ...limit, lines[echo - 1]!, ' > orc-500 go'].join('\n');
}

describe('AgentStates: a turn-end state on a screen still printing', () => {
  const gemini: PaneRow = { ...row, command: 'node', orcType: 'gemini', orcName: 'gm', windowName: 'gm' };
  const settled = { sinceOutputMs: 2_000, outputSince: null };

  it('is not believed from a frame torn mid-redraw (Gemini CLI quitting): error goes straight to crashed', async () => {
    const { states: s, transitions } = machine(gemini);
    s.screenChanged('%1', snap(screen('gemini/error-context-limit.txt'), 'node'), { now, ...settled });
    // The torn frame, captured as its output arrives: on its own it reads rate_limited.
    now += 300;
    expect(s.screenChanged('%1', snap(tornGeminiExitFrame(), 'node'), { now, sinceOutputMs: 3, outputSince: now - 3 })).toBe('error');
    // It is looked at again once the output has paused.
    await new Promise((r) => setTimeout(r, 150));
    expect(rechecks).toContain('%1');
    // The summary box (no composer), then the shell.
    now += 60;
    s.screenChanged('%1', snap('\u256d\u2500\u2500\u256e\n\u2502  Agent powering down. Goodbye!  \u2502\n\u2570\u2500\u2500\u256f', 'node'), { now, sinceOutputMs: 2, outputSince: now - 2 });
    now += 300;
    s.screenChanged('%1', snap(screen('gemini/crashed-exit-to-shell.txt'), 'bash'), { now, sinceOutputMs: 40, outputSince: now - 40 });
    expect(transitions.map((t) => t.to)).toEqual(['error', 'crashed']);
  });

  it('is not held at the first look (a monitor starting beside a printing agent): set silently, no transition', () => {
    const { states: s, transitions, registry } = machine(gemini, true);
    expect(s.screenChanged('%1', snap(screen('gemini/rate_limited-usage-limit.txt'), 'node'), { now, sinceOutputMs: 3, outputSince: now - 3 })).toBe('rate_limited');
    expect(registry.byPane('%1')?.state).toBe('rate_limited');
    expect(transitions).toEqual([]);
  });

  it('is believed once the output has paused, or after the hold while it keeps printing', () => {
    const { states: s, transitions } = machine(gemini);
    s.screenChanged('%1', snap(screen('gemini/idle-empty-composer.txt'), 'node'), { now, ...settled });
    now += 1_000;
    const limit = screen('gemini/rate_limited-usage-limit.txt');
    expect(s.screenChanged('%1', snap(limit, 'node'), { now, sinceOutputMs: 5, outputSince: now - 5 })).toBe('idle');
    now += 100;
    expect(s.screenChanged('%1', snap(limit, 'node'), { now, sinceOutputMs: 105, outputSince: null })).toBe('rate_limited');
    expect(transitions.map((t) => t.to)).toEqual(['idle', 'rate_limited']);

    // An error on a screen that never stops printing (a clock in its footer) is believed after FRAME_HOLD_MS.
    const error = screen('gemini/error-context-limit.txt');
    now += 5_000;
    expect(s.screenChanged('%1', snap(error, 'node'), { now, sinceOutputMs: 5, outputSince: now - 5 })).toBe('rate_limited');
    now += FRAME_HOLD_MS;
    expect(s.screenChanged('%1', snap(`${error}\n`, 'node'), { now, sinceOutputMs: 5, outputSince: now - 5 })).toBe('error');
    expect(transitions.map((t) => t.to)).toEqual(['idle', 'rate_limited', 'error']);
  });
});

describe('AgentStates: opencode opening a session', () => {
  // Its first message of a session: after Enter the pane is blank for 4–7 s (loaded machine)
  // while opencode draws the session view; it is working on the message, not starting again.
  const opencode: PaneRow = { ...row, command: 'opencode', orcName: 'oc', orcType: 'opencode' };
  const BLANK = '\n'.repeat(39);
  /** profiles/opencode.ts OPENCODE_PACE.betweenFramesMs. */
  const OPENCODE_FRAME_HOLD_MS = 15_000;

  it('holds the state it had through the blank screen, longer than the usual hold', () => {
    const { states: s, transitions } = machine(opencode);
    s.screenChanged('%1', snap(screen('opencode/idle-empty-composer.txt'), 'opencode'), { now, sinceOutputMs: 5_000, outputSince: null });
    now += 500;
    expect(s.screenChanged('%1', snap(BLANK, 'opencode'), { now, sinceOutputMs: 5, outputSince: now - 5 })).toBe('idle');
    now += 6_500;
    expect(s.screenChanged('%1', snap(`${BLANK}\n`, 'opencode'), { now, sinceOutputMs: 5, outputSince: now - 5 })).toBe('idle');
    now += 200;
    s.screenChanged('%1', snap(screen('opencode/busy-streaming-reply.txt'), 'opencode'), { now, sinceOutputMs: 5, outputSince: now - 5 });
    expect(transitions.map((t) => t.to)).toEqual(['idle', 'busy']);
  });

  it('believes a blank screen that outlasts its hold', () => {
    const { states: s, transitions } = machine(opencode);
    s.screenChanged('%1', snap(screen('opencode/idle-empty-composer.txt'), 'opencode'), { now, sinceOutputMs: 5_000, outputSince: null });
    now += 500;
    s.screenChanged('%1', snap(BLANK, 'opencode'), { now, sinceOutputMs: 5, outputSince: now - 5 });
    now += OPENCODE_FRAME_HOLD_MS;
    s.screenChanged('%1', snap(`${BLANK}\n`, 'opencode'), { now, sinceOutputMs: 5, outputSince: now - 5 });
    expect(transitions.map((t) => t.to)).toEqual(['idle', 'starting']);
  });
});

describe('AgentStates: text in the box when a turn ends', () => {
  // Real Claude Code 2.1.332: streaming with text typed meanwhile, and the same screen once the
  // turn is over (its working line gone), the text still in the box.
  const working = screen('claude/busy-streaming-with-text-typed.txt');
  const turnOver = working.replace(/^✢ Orchestrating….*\n/m, '');

  it('the screens read as the test needs them', () => {
    const { states: s, registry } = machine();
    s.screenChanged('%1', snap(working), { now, sinceOutputMs: 5, outputSince: null });
    expect(registry.byPane('%1')?.state).toBe('busy');
    s.screenChanged('%1', snap(screen('claude/idle-empty-input-box.txt')), { now, sinceOutputMs: 5_000, outputSince: null });
    now += 5_000;
    s.screenChanged('%1', snap(turnOver), { now, sinceOutputMs: 5_000, outputSince: null });
    expect(registry.byPane('%1')).toMatchObject({ state: 'unsubmitted', reason: expect.stringMatching(/queued follow-up/) });
  });

  it('a draft typed while the agent worked is unsent once the screen is still, not 1 s later', () => {
    const { states: s, transitions } = machine();
    s.screenChanged('%1', snap(working), { now, sinceOutputMs: 5, outputSince: null });
    now += 2_000;
    // The turn ends: while its last frames print, the text is held…
    expect(s.screenChanged('%1', snap(turnOver), { now, sinceOutputMs: 5, outputSince: now - 5 })).toBe('busy');
    // …and once nothing has been printed or typed for longer than the typing hold (250 ms), it is a draft.
    now += 300;
    expect(s.screenChanged('%1', snap(`${turnOver}\n`), { now, sinceOutputMs: 300, outputSince: null })).toBe('unsubmitted');
    expect(transitions.map((t) => t.to)).toEqual(['busy', 'unsubmitted']);
  });

  it('text the screens at work never showed is held 1 s (a CLI drawing the message just sent in its box for a frame)', () => {
    const { states: s, transitions } = machine();
    s.screenChanged('%1', snap(working.replace(/queued follow-up/, '')), { now, sinceOutputMs: 5, outputSince: null });
    now += 2_000;
    expect(s.screenChanged('%1', snap(turnOver), { now, sinceOutputMs: 5, outputSince: now - 5 })).toBe('busy');
    now += 300;
    expect(s.screenChanged('%1', snap(`${turnOver}\n`), { now, sinceOutputMs: 300, outputSince: null })).toBe('busy');
    now += 700;
    expect(s.screenChanged('%1', snap(`${turnOver}\n\n`), { now, sinceOutputMs: 1_000, outputSince: null })).toBe('unsubmitted');
    expect(transitions.map((t) => t.to)).toEqual(['busy', 'unsubmitted']);
  });
});

describe('AgentStates: text being typed at the composer', () => {
  const empty = screen('claude/idle-empty-input-box.txt');
  const typed = (text: string) => empty.replace(/^❯$/m, `❯\u00a0${text}`);

  it('the screens read as the test needs them', () => {
    const { states: s, registry } = machine();
    s.screenChanged('%1', snap(empty), { now, sinceOutputMs: 5_000, outputSince: null });
    expect(registry.byPane('%1')?.state).toBe('idle');
    now += 5_000;
    s.screenChanged('%1', snap(typed('abc')), { now, sinceOutputMs: 5_000, outputSince: null });
    expect(registry.byPane('%1')).toMatchObject({ state: 'unsubmitted', reason: expect.stringMatching(/"abc"/) });
  });

  it('is not unsent however long the keys keep coming (a key every 100 ms for 3 s), and is once they stop', () => {
    const { states: s, transitions } = machine();
    s.screenChanged('%1', snap(empty), { now, sinceOutputMs: 5_000, outputSince: null });
    const text = 'a message typed slowly, key by key';
    for (let i = 1; i <= 30; i++) {
      now += 100;
      expect(s.screenChanged('%1', snap(typed(text.slice(0, i))), { now, sinceOutputMs: 2, outputSince: now - 2 })).toBe('idle');
    }
    now += 300;
    expect(s.screenChanged('%1', snap(typed(text.slice(0, 30))), { now, sinceOutputMs: 300, outputSince: null })).toBe('unsubmitted');
    expect(transitions.map((t) => t.to)).toEqual(['idle', 'unsubmitted']);
  });

  it('a draft on a screen that keeps redrawing (output, the text unchanged) is unsent after 1 s', () => {
    const { states: s, transitions } = machine();
    s.screenChanged('%1', snap(empty), { now, sinceOutputMs: 5_000, outputSince: null });
    for (let i = 1; i <= 9; i++) {
      now += 100;
      expect(s.screenChanged('%1', snap(`${typed('draft')}${'\n'.repeat(i)}`), { now, sinceOutputMs: 2, outputSince: now - 2 })).toBe('idle');
    }
    now += 200;
    expect(s.screenChanged('%1', snap(typed('draft')), { now, sinceOutputMs: 2, outputSince: now - 2 })).toBe('unsubmitted');
    expect(transitions.map((t) => t.to)).toEqual(['idle', 'unsubmitted']);
  });
});
