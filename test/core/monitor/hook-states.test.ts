// Hook-fed state, screen-checked, through the whole path: the real `tmux-orc hook` command for
// a fake Claude Code pane, the monitor's hook feed, the state machine's fusion. A hook decides
// at once; a hook whose pane's screen says otherwise is corrected by the first settled screen
// check; a hook the screen agrees with stands. Real private tmux server, orchestrator in
// monitor mode.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrchestrator, type Orchestrator } from '../../../src/core/orchestrator.js';
import type { StateTransition } from '../../../src/shared/domain.js';
import { eventually, IDLE_FOOTER, startFake, type FakeAgent } from '../../cli/fake-agents.js';
import { runCli } from '../../cli/run-cli.js';
import { useTmuxServer } from '../../helpers/tmux.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-hook-states-'));
let orc: Orchestrator;
let cc: FakeAgent;
const transitions: StateTransition[] = [];

async function hook(pane: string, event: string, payload: object = {}): Promise<void> {
  const socket = await server.tmux('display-message', '-p', '-t', pane, '#{socket_path}');
  const r = await runCli(['hook', 'claude', event], { input: JSON.stringify({ hook_event_name: event, ...payload }), env: { TMUX: `${socket},1,0`, TMUX_PANE: pane } });
  expect(r).toMatchObject({ code: 0, stdout: '' });
}

const state = async () => (await orc.handlers.getAgent({ target: 'cc' })).state;
const since = (n: number) => transitions.slice(n).map((t) => (t.reason.startsWith(`${t.to}:`) ? t.reason : `${t.to}: ${t.reason}`));

beforeAll(async () => {
  cc = await startFake(server, 'hooks', 'cc');
  orc = await createOrchestrator({ socketName: server.name, dbPath: join(dir, 'orc.db'), monitor: true, shell: 'cli' });
  orc.onEvent((e) => {
    if (e.type === 'agentChanged' && e.transition && e.agent.name === 'cc') transitions.push(e.transition);
  });
  // A short quiet time: the settled screen check comes sooner (quiet time + 500 ms).
  await orc.handlers.updateSettings({ quietMs: 500 });
  await eventually(state, (s) => s === 'idle');
});

afterAll(async () => {
  await orc?.close();
});

describe('hook-fed state, screen-checked', () => {
  it('a hook whose screen says otherwise decides at once and is corrected by the settled screen check', async () => {
    const n = transitions.length;
    // The fake agent sits idle at its prompt: a hook saying a prompt was submitted is lying.
    await hook(cc.pane, 'UserPromptSubmit', { prompt: 'hi' });
    await eventually(() => since(n), (t) => t.length >= 2);
    expect(since(n)).toEqual([
      'busy: prompt submitted (UserPromptSubmit hook)',
      expect.stringMatching(/^idle: .*\(screen check; the UserPromptSubmit hook said busy\)$/),
    ]);
    expect(await state()).toBe('idle');
  });

  it('a hook the screen agrees with stands: waiting on a permission prompt, then idle when it is answered', async () => {
    const n = transitions.length;
    // The fake agent shows its permission question; its hook says so too.
    await server.tmux('send-keys', '-t', cc.pane, '-l', 'ask');
    await server.tmux('send-keys', '-t', cc.pane, 'Enter');
    await hook(cc.pane, 'PermissionRequest', { tool_name: 'Bash' });
    await server.waitForScreen(cc.pane, (s) => s.includes('Do you want to proceed?'));
    await eventually(state, (s) => s === 'waiting');
    await server.tmux('send-keys', '-t', cc.pane, '1');
    await hook(cc.pane, 'Stop');
    await server.waitForScreen(cc.pane, (s) => s.includes(IDLE_FOOTER) && s.includes('Answer: Yes'));
    await eventually(state, (s) => s === 'idle');
    // Let a settled check pass: nothing the hooks said is taken back.
    await new Promise((r) => setTimeout(r, 1_200));
    const seen = since(n);
    expect(seen.filter((t) => t.includes('screen check; the'))).toEqual([]);
    expect(seen.map((t) => t.split(':')[0])).toContain('waiting');
    expect(seen.at(-1)).toMatch(/^idle/);
  });

  it('events that say nothing about the state (SessionEnd) change nothing', async () => {
    const n = transitions.length;
    await hook(cc.pane, 'SessionEnd', { reason: 'other' });
    await new Promise((r) => setTimeout(r, 1_200));
    expect(since(n)).toEqual([]);
    expect(await state()).toBe('idle');
  });
});
