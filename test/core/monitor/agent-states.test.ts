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

function machine(): { states: AgentStates; transitions: StateTransition[]; registry: AgentRegistry } {
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
  states.listed(registry.apply([row]), false);
  return { states, transitions, registry };
}

const snap = (text: string): PaneSnapshot => ({ screen: text, command: 'claude', dead: false, deadStatus: null, sending: false, hash: String(text.length) });

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
