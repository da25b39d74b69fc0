// A real Gemini CLI (scripts/install-real-clis.sh) spawned by the engine with its hooks (a
// system-defaults file of ours named by GEMINI_CLI_SYSTEM_DEFAULTS_PATH; the HOME's own settings
// untouched), against the loopback model-API stand-in, on a private tmux server with the monitor
// running: a scripted turn (a shell call that needs confirmation, answered, then the reply) is
// reported busy → waiting → busy → idle, its hooks deciding (reasons name them: BeforeAgent,
// Notification of type ToolPermission, BeforeTool/AfterTool, AfterAgent) and the screen agreeing
// (no correction; the settled screen shows the same state). Skips with one line when Gemini CLI
// is not installed here; under CI=true it must be.
// Gemini CLI takes CI=true for "not interactive" (it reads stdin and exits): its command unsets it.
// Gemini CLI 0.61 reads a system-defaults file only when root owns it and every folder above it:
// this runs as root (as here and in CI containers), with the store (and our hook file beside it)
// under the CLI scratch folder in root's home; not as root, the engine installs no Gemini hooks
// (test/core/agents/hooks.test.ts) and this skips, saying so.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch, type ApiEvent } from '../../../src/shared/api.js';
import type { StateTransition } from '../../../src/shared/domain.js';
import { classifyScreen } from '../../../src/core/agents/classify.js';
import { createOrchestrator, type Orchestrator } from '../../../src/core/orchestrator.js';
import { eventually } from '../../cli/fake-agents.js';
import { startModelApi, type ModelApi } from '../../helpers/model-api/index.js';
import { prepareCli, realCliMissing, realCliScratch } from '../../helpers/real-clis.js';
import { useTmuxServer } from '../../helpers/tmux.js';

const why = realCliMissing('gemini') ?? (process.getuid?.() === 0 ? null : 'Gemini CLI reads hooks from a file of ours only when run as root');
if (why && process.getuid?.() !== 0) console.warn(`skipping the real Gemini CLI hooks test: ${why}`);
const server = useTmuxServer();
let api: ModelApi | null = null;
let orc: Orchestrator | null = null;
const dirs: string[] = [];

afterAll(async () => {
  await orc?.close();
  await api?.stop();
  await server.kill();
  // Gemini CLI may still write its files as it dies with the server.
  for (const d of dirs) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

describe.skipIf(why !== null)('a real Gemini CLI agent with its hooks', () => {
  it('reports busy → waiting → busy → idle through a scripted turn from its hooks, the screen agreeing', { timeout: 180_000 }, async () => {
    api = await startModelApi();
    const scratch = realCliScratch('gemini-hooks');
    dirs.push(scratch);
    // Root's and no one else's, up to /: where Gemini CLI reads our hook file from.
    const db = mkdtempSync(join(scratch, 'orc-'));
    const run = prepareCli('gemini', api.url, scratch);
    orc = await createOrchestrator({
      socketName: server.name,
      dbPath: join(db, 'orc.db'),
      shell: 'cli',
      monitor: true,
      env: { ...process.env, ORC_AGENT_CMD_GEMINI: `env -u CI -u CONTINUOUS_INTEGRATION ${run.argv.join(' ')}` },
      timings: { readyMs: 120_000 },
    });
    const call = (name: string, input: unknown) => dispatch(orc!.handlers, name, input);
    const transitions: StateTransition[] = [];
    orc.onEvent((e: ApiEvent) => {
      if (e.type === 'agentChanged' && e.transition && e.agent.name === 'gm') transitions.push(e.transition);
    });

    const spawned = (await call('spawnAgent', { name: 'gm', type: 'gemini', cwd: run.work, env: run.env })) as { agent: { state: string; reason: string; paneId: string } };
    const pane = spawned.agent.paneId;
    const shows = async () => `${JSON.stringify(transitions.slice(-8))}\n${await server.capture(pane).catch(() => '(no pane)')}`;
    expect(spawned.agent.state, await shows()).toBe('idle');
    // Spawned with our system-defaults file; the HOME's own settings hold no hooks of ours (Gemini
    // CLI itself rewrites that file at start, migrating old keys: its content is not ours to compare).
    expect(await server.tmux('show-options', '-p', '-v', '-t', pane, '@orc-cmd')).toMatch(/^GEMINI_CLI_SYSTEM_DEFAULTS_PATH=\S*gemini-hooks-[0-9a-f]+\.json /);
    expect(readFileSync(join(run.home, '.gemini', 'settings.json'), 'utf8')).not.toMatch(/hook/i);
    const screenSays = async () => {
      const currentCommand = await server.tmux('display-message', '-p', '-t', pane, '#{pane_current_command}');
      const facts = { currentCommand, dead: false, quietMs: 60_000, quietThresholdMs: 2_000, now: Date.now() };
      return classifyScreen('gemini', await server.capture(pane), facts).state;
    };
    const stateNow = async () => (await call('getAgent', { target: 'gm' })) as { state: string; reason: string; prompt?: { fingerprint: string } };
    const hookOption = () => server.tmux('show-options', '-p', '-v', '-t', pane, '@orc-hook').catch(() => '');
    const start = transitions.length;

    // The stand-in answers "orc-shell" with a shell call (rm -rf ./build): a confirmation dialog.
    const sent = (await call('sendMessage', { target: 'gm', text: 'please orc-shell' })) as { status: string; reason: string };
    expect(sent.status, `${sent.reason}\n${await shows()}`).toBe('delivered');
    await eventually(stateNow, (a) => a.state === 'waiting', 60_000).catch(async (e: Error) => {
      throw new Error(`${e.message}\n${await shows()}`);
    });
    await eventually(screenSays, (s) => s === 'waiting', 15_000);
    expect(await hookOption(), await shows()).toMatch(/^Notification\t/);

    // "1. Allow once", to the prompt get_agent shows once the screen has it (the hook came first),
    // asking again while it is too young to answer.
    const shown = await eventually(stateNow, (a) => a.state === 'waiting' && !!a.prompt, 15_000);
    const r = await eventually(
      () => call('answerPrompt', { target: 'gm', choice: '1', fingerprint: shown.prompt!.fingerprint }).then(() => 'answered', (e: Error) => e.message),
      (m) => m === 'answered' || !/appeared \d+ ms ago/.test(m),
      10_000,
    );
    expect(r, await shows()).toBe('answered');
    await eventually(hookOption, (v) => v.startsWith('AfterAgent\t'), 60_000).catch(async (e: Error) => {
      throw new Error(`${e.message}\n${await shows()}`);
    });
    await eventually(stateNow, (a) => a.state === 'idle', 30_000);
    await eventually(screenSays, (s) => s === 'idle', 15_000);
    // Past the settled check (quiet time + 500 ms): the hooks' state still stands.
    await new Promise((res) => setTimeout(res, 3_000));
    expect((await stateNow()).state).toBe('idle');

    const all = transitions.slice(start);
    const turn = all.slice(all.findIndex((t) => t.to === 'busy'));
    const path = turn.map((t) => t.to).filter((s, i, list) => s !== list[i - 1]);
    expect(path, JSON.stringify(turn)).toEqual(['busy', 'waiting', 'busy', 'idle']);
    // The hooks decided: the ones named here reported their states first, and the screen never had to correct them.
    const byHook = turn.filter((t) => /\((BeforeAgent|Notification|BeforeTool|AfterTool|AfterAgent) hook\)$/.test(t.reason));
    expect(byHook.length, JSON.stringify(turn)).toBeGreaterThan(0);
    // Gemini CLI waits on its Notification hook before it draws the confirmation: that hook is always first.
    expect(turn.find((t) => t.to === 'waiting')?.reason, JSON.stringify(turn)).toMatch(/\(Notification hook\)$/);
    expect(turn.filter((t) => /corrected/.test(t.reason)), JSON.stringify(turn)).toEqual([]);
  });
});
