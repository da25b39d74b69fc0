// A real Claude Code (scripts/install-real-clis.sh) spawned by the engine with its hooks,
// against the loopback model-API stand-in, on a private tmux server with the monitor running:
// a scripted turn (a Bash call that needs permission, answered, then the reply) is reported
// busy → waiting → busy → idle, its hooks deciding (reasons name them) and the screen agreeing
// (no correction; the settled screen shows the same state). Skips with one line when Claude
// Code is not installed here; under CI=true it must be.
//
// Why it once looked as if the permission dialog ignored the answer key: Claude Code 2.1.332
// puts up an offer ("Make auto mode your default permission mode?") a moment after its input
// box first shows; the message typed then went into the offer, and the turn never came. This
// test answers that offer ("No, keep manual mode") as a person would, and answers through
// answerPrompt, bound to the prompt's fingerprint and waiting until the prompt has settled.
// The message is sent the moment spawn returns: spawn calls the agent ready only once its
// screen stood still (spawn.ts readySettleMs), so the offer is already up then (the message is
// queued until it is answered) or never comes, and the message arrives as a prompt.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch, type ApiEvent } from '../../../src/shared/api.js';
import type { StateTransition } from '../../../src/shared/domain.js';
import { classifyScreen } from '../../../src/core/agents/classify.js';
import { createOrchestrator, type Orchestrator } from '../../../src/core/orchestrator.js';
import { eventually } from '../../cli/fake-agents.js';
import { startModelApi, type ModelApi } from '../../helpers/model-api/index.js';
import { prepareCli, realCliMissing } from '../../helpers/real-clis.js';
import { useTmuxServer } from '../../helpers/tmux.js';

// Under CI=true Claude Code must be installed (realCliMissing throws there).
const why = realCliMissing('claude');
const server = useTmuxServer();
let api: ModelApi | null = null;
let orc: Orchestrator | null = null;
let dir: string | null = null;

afterAll(async () => {
  await orc?.close();
  await api?.stop();
  await server.kill();
  // Claude Code may still write its files as it dies with the server.
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

describe.skipIf(why !== null)('a real Claude Code agent with its hooks', () => {
  it('reports busy → waiting → busy → idle through a scripted turn from its hooks, the screen agreeing', { timeout: 180_000 }, async () => {
    api = await startModelApi();
    dir = mkdtempSync(join(tmpdir(), 'orc-real-claude-hooks-'));
    const run = prepareCli('claude', api.url, dir);
    orc = await createOrchestrator({
      socketName: server.name,
      dbPath: join(dir, 'orc.db'),
      shell: 'cli',
      monitor: true,
      env: { ...process.env, ORC_AGENT_CMD_CLAUDE: run.argv.join(' ') },
      timings: { readyMs: 90_000 },
    });
    const call = (name: string, input: unknown) => dispatch(orc!.handlers, name, input);
    const transitions: StateTransition[] = [];
    orc.onEvent((e: ApiEvent) => {
      if (e.type === 'agentChanged' && e.transition && e.agent.name === 'cc') transitions.push(e.transition);
    });

    const spawned = (await call('spawnAgent', { name: 'cc', type: 'claude', cwd: run.work, env: run.env })) as { agent: { state: string; reason: string; paneId: string } };
    expect(['idle', 'waiting']).toContain(spawned.agent.state);
    const pane = spawned.agent.paneId;
    // On failure: what the pane showed last.
    const shows = async () => `${JSON.stringify(transitions.slice(-8))}\n${await server.capture(pane).catch(() => '(no pane)')}`;
    // Spawned with our hook settings (never the user's own).
    expect(await server.tmux('show-options', '-p', '-v', '-t', pane, '@orc-cmd')).toMatch(/--settings \S*claude-hooks-[0-9a-f]+\.json/);
    const screenSays = async () => {
      const currentCommand = await server.tmux('display-message', '-p', '-t', pane, '#{pane_current_command}');
      const facts = { currentCommand, dead: false, quietMs: 60_000, quietThresholdMs: 2_000, now: Date.now() };
      return classifyScreen('claude', await server.capture(pane), facts).state;
    };
    const stateNow = async () => ((await call('getAgent', { target: 'cc' })) as { state: string; reason: string });

    /** Answer the prompt `cc` shows now with `choice`, asking again while it is too young to answer. */
    const answer = async (choice: string) => {
      const shown = (await call('getAgent', { target: 'cc' })) as { prompt?: { fingerprint: string } };
      expect(shown.prompt?.fingerprint, await shows()).toBeTruthy();
      const r = await eventually(
        () => call('answerPrompt', { target: 'cc', choice, fingerprint: shown.prompt!.fingerprint }).then(() => 'answered', (e: Error) => e.message),
        (m) => m === 'answered' || !/appeared \d+ ms ago/.test(m),
        10_000,
      );
      expect(r, await shows()).toBe('answered');
    };
    // A message sent right after spawn returned. Claude Code's offer to make auto mode the
    // default comes 0.1–1.5 s after its input box: spawn is ready only once the screen stood
    // still, so the offer is already up (the message waits in the queue until it is answered)
    // or will not come; the message must never be typed into it.
    const start = transitions.length;
    const sent = (await call('sendMessage', { target: 'cc', text: 'please orc-shell' })) as { status: string; reason: string };
    if (spawned.agent.state === 'waiting') {
      expect(spawned.agent.reason, await shows()).toMatch(/auto mode/);
      expect(sent.status, sent.reason).toBe('queued');
      await answer('n');
    } else {
      expect(sent.status, `${sent.reason}\n${await shows()}`).toBe('delivered');
    }
    // It arrives as a prompt (the monitor delivers the queued one once the offer is answered).
    await eventually(() => api!.requests().some((r) => r.prompt?.includes('please orc-shell')), Boolean, 60_000).catch(async (e: Error) => {
      throw new Error(`${e.message}: the message never reached the model\n${await shows()}`);
    });
    // Ready meant ready: no dialog came up after spawn returned (the offer, if any, was already there).
    const late = transitions.slice(start).filter((t) => /auto mode/.test(t.reason));
    expect(late.filter((t) => t.to === 'waiting'), `spawn returned ${spawned.agent.state}; then ${JSON.stringify(late)}`).toEqual([]);

    // The stand-in answers "orc-shell" with a Bash call (rm -rf ./build): a permission prompt.
    const waiting = await eventually(stateNow, (a) => a.state === 'waiting', 60_000);
    await eventually(screenSays, (s) => s === 'waiting', 15_000);
    expect(await server.tmux('show-options', '-p', '-v', '-t', pane, '@orc-hook')).toMatch(/^(PermissionRequest|Notification|PreToolUse)\t/);
    expect(waiting.reason).toMatch(/waiting/);

    // "1. Yes", to the prompt get_agent showed.
    await answer('1');
    await eventually(() => server.tmux('show-options', '-p', '-v', '-t', pane, '@orc-hook'), (v) => v.startsWith('Stop\t'), 60_000);
    await eventually(stateNow, (a) => a.state === 'idle', 30_000);
    // The Stop hook can come before Claude Code has redrawn: the screen catches up, agreeing.
    await eventually(screenSays, (s) => s === 'idle', 15_000);
    // Past the settled check (quiet time + 500 ms): the hooks' state still stands.
    await new Promise((r) => setTimeout(r, 3_000));
    const idle = await stateNow();

    // From the turn's start (typing the message may pass through the screen's own input states).
    const all = transitions.slice(start);
    const turn = all.slice(all.findIndex((t) => t.to === 'busy'));
    // The turn, without repeats: busy, waiting on the permission prompt, busy running it, idle.
    const path = turn.map((t) => t.to).filter((s, i, all) => s !== all[i - 1]);
    expect(path, JSON.stringify(turn)).toEqual(['busy', 'waiting', 'busy', 'idle']);
    // The hooks decided (their reasons name the hook), and the screen never had to correct them.
    expect(turn.filter((t) => /\(\w+ hook\)$/.test(t.reason)).length, JSON.stringify(turn)).toBeGreaterThan(0);
    expect(turn.filter((t) => /corrected/.test(t.reason)), JSON.stringify(turn)).toEqual([]);
    expect(idle.state).toBe('idle');
  });
});
