// The live lifecycle of one real agent CLI (scripts/install-real-clis.sh) under the monitor:
// the CLI runs in a pane of a private tmux server against the model-API stand-in, and is driven
//   idle → message → busy (streaming) → permission prompt → answer → busy → idle,
//   then rate limited (with its reset time), an error, and exit → crashed,
// every transition reported by the monitor exactly once (the list from its events, and the
// same list in the store). One file per CLI (test/real-cli/<cli>-lifecycle.test.ts) so they run
// side by side, each with its own tmux socket, stand-in port and scratch HOME. A CLI that is
// not installed skips with one line; under CI=true it fails (see real-clis.ts).
// Qwen Code starts in ~4 s of CPU once it neither relaunches itself nor checks npm for updates
// (real-clis.ts); it took 30 s and more here before.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch, type ApiEvent } from '../../src/shared/api.js';
import type { AgentInfo, MessageResult, StateTransition } from '../../src/shared/domain.js';
import type { AgentState, AgentType } from '../../src/shared/vocabulary.js';
import { createOrchestrator, type Orchestrator } from '../../src/core/orchestrator.js';
import { startModelApi, type ModelApi } from './model-api/index.js';
import { waitFor } from './poll.js';
import { prepareCli, realCliMissing, realCliScratch, type RealCli } from './real-clis.js';
import { useTmuxServer, type TmuxServer } from './tmux.js';

export interface LifecycleSpec {
  cli: RealCli;
  type: AgentType;
  /** What ends the CLI from its composer. */
  exit: string;
  /** Seconds its UI may take to come up. */
  startupS?: number;
  /**
   * How much longer than the others each of its steps may take (default 1): opencode spends
   * ~13 s of CPU starting and ~20 % of a core idle (its TUI redraws at 30 fps), so on a loaded
   * machine its steps take several times as long.
   */
  slowness?: number;
  /** Claude Code: a (dummy) subscription token instead of an API key (its limits show reset times). */
  subscription?: boolean;
  /**
   * Why the CLI's usage-limit screen carries no reset time (so none can be reported), when it
   * does not; the state must still be rate_limited.
   */
  noResetTime?: string;
  /** The prompt whose reply is a usage limit the CLI shows at once (default `orc-429-usage go`). */
  limitPrompt?: string;
  /** The prompt whose reply is an error the CLI shows at once (no retries). */
  errorPrompt?: string;
  /** Before the lifecycle: first-run screens to get out of the way (Claude Code's auto-mode offer). */
  prelude?: (d: Driver) => Promise<void>;
  /**
   * After the rate limit was reported: what closes its dialog (`1. Keep trying`), if it opens one
   * (Gemini CLI's), or ends its wait for the limit (opencode retries after the API's retry-after).
   */
  afterRateLimit?: (d: Driver) => Promise<void>;
  /** The state afterRateLimit leaves it in (default rate_limited: the limit still on screen). */
  afterRateLimitState?: AgentState;
}

/** What a spec's hooks can do with the pane. */
export interface Driver {
  server: TmuxServer;
  pane: string;
  keys(...keys: string[]): Promise<void>;
  screen(): Promise<string>;
}

/** The states a phase passes through: consecutive repeats would be a transition reported twice. */
function path(ts: readonly StateTransition[]): AgentState[] {
  return ts.map((t) => t.to);
}

export function describeLifecycle(spec: LifecycleSpec): void {
  const slow = spec.slowness ?? 1;
  const why = realCliMissing(spec.cli);
  const server = useTmuxServer();
  let api: ModelApi | null = null;
  let orc: Orchestrator | null = null;
  let scratch: string | null = null;
  let dbDir: string | null = null;

  afterAll(async () => {
    await orc?.close();
    await server.kill();
    await api?.stop();
    // The CLI may still be writing its files as it dies with the server: retry for a while.
    for (const dir of [scratch, dbDir]) if (dir) await waitFor(() => (rmSync(dir, { recursive: true, force: true }), true), `${dir} removed`, 10_000, 200);
  });

  describe.skipIf(why !== null)(`a real ${spec.cli} under the monitor`, () => {
    it('goes idle → busy → waiting → busy → idle through a turn, then rate limited, error, crashed: each transition once', { timeout: 150_000 * slow }, async () => {
      api = await startModelApi();
      scratch = realCliScratch(`lifecycle-${spec.cli}`);
      dbDir = mkdtempSync(join(tmpdir(), `orc-lifecycle-${spec.cli}-`));
      const run = prepareCli(spec.cli, api.url, scratch, { subscription: spec.subscription });
      const envArgs = Object.entries(run.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
      // As a person starts it: an interactive shell runs the CLI and is left at its prompt after.
      // Without CI's CI=true, which Gemini CLI takes to mean "not interactive" (it reads stdin and exits).
      const pane = (
        await server.tmux(
          'new-session', '-d', '-s', spec.cli, '-x', '120', '-y', '40', '-c', run.work, '-P', '-F', '#{pane_id}', ...envArgs,
          'bash', '--norc', '--noprofile', '-i', '-c', `unset CI CONTINUOUS_INTEGRATION; ${run.argv.join(' ')}; exec bash --norc --noprofile`,
          ';', 'set-option', '-p', '@orc-type', spec.type, ';', 'set-option', '-p', '@orc-name', spec.cli,
        )
      ).trim();
      const id = `local/${pane}`;
      // The engine as the app runs it: its monitor, its store, its actions (sendMessage, sendKeys).
      // A slow CLI gets the delivery's waits stretched alike (it echoed a key 1.7 s late under load).
      const timings = slow > 1 ? { echoMs: 3_000 * slow, submitWaitMs: 1_000 * slow, confirmMs: 6_000 * slow } : undefined;
      orc = await createOrchestrator({ socketName: server.name, dbPath: join(dbDir, 'orc.db'), shell: 'cli', monitor: true, timings });
      const o = orc;
      const call = <T>(name: string, input: unknown) => dispatch(o.handlers, name, input) as Promise<T>;
      const transitions: StateTransition[] = [];
      o.onEvent((e: ApiEvent) => {
        if (e.type === 'agentChanged' && e.transition && e.agent.id === id) transitions.push(e.transition);
      });
      const d: Driver = { server, pane, keys: async (...keys) => void (await call('sendKeys', { target: spec.cli, keys })), screen: () => server.capture(pane) };
      const agent = () => call<AgentInfo>('getAgent', { target: spec.cli });
      const state = async (s: AgentState, timeoutMs = 60_000 * slow) => {
        try {
          return await waitFor(async () => ((await agent()).state === s ? agent() : null), `${spec.cli} ${s}`, timeoutMs, 50);
        } catch (err) {
          const a = await agent();
          throw new Error(`${(err as Error).message}; it is ${a.state} (${a.reason}), its screen:\n${await d.screen()}`);
        }
      };
      const requests = () => api!.requests().length;
      /** A message through the engine's own delivery (typed, checked in the box, submitted, verified). */
      const send = async (text: string) => {
        const before = requests();
        const r = await call<MessageResult>('sendMessage', { target: spec.cli, text, now: true });
        if (r.status !== 'delivered') expect.fail(`${text}: ${r.status}, ${r.reason}; its screen:\n${await d.screen()}`);
        // A Gemini-style CLI queues prompts while it initialises (Qwen Code can take 30 s here).
        await waitFor(() => requests() > before, `${spec.cli} asked the stand-in`, 60_000 * slow);
      };
      const phase = () => {
        const from = transitions.length;
        return () => transitions.slice(from);
      };

      await state('idle', (spec.startupS ?? 60) * 1000);
      await spec.prelude?.(d);
      await state('idle');

      // The turn: text streams, the shell tool asks permission, the answer runs it, more text.
      const turn = phase();
      await send('orc-turn-3 go');
      const asked = await state('waiting');
      // The dialog fully drawn before the answer (a key during its first frame may be lost).
      await server.waitForScreen(pane, (s) => /rm -rf \.\/build/.test(s), 10_000);
      await d.keys('Enter');
      await waitFor(() => api!.requests().some((r) => r.afterTool), `${spec.cli} ran the tool after the answer`, 30_000 * slow);
      await state('idle');
      expect(asked.reason).toMatch(/^waiting/);
      expect(path(turn()), JSON.stringify(turn())).toEqual(['busy', 'waiting', 'busy', 'idle']);

      // A usage limit: rate limited, with the reset time the API gave (2 h ahead).
      const limit = phase();
      await send(spec.limitPrompt ?? 'orc-429-usage go');
      let limited = await state('rate_limited');
      // The reset time may be drawn a moment after the limit (opencode: `[retrying attempt #1]`, then `[retrying in 1h 59m …`).
      if (!spec.noResetTime) limited = await waitFor(async () => ((await agent()).resetAt !== null ? agent() : null), `${spec.cli}'s reset time`, 10_000 * slow).catch(() => limited);
      if (spec.noResetTime) {
        console.warn(`${spec.cli}: rate limited without a reset time: ${spec.noResetTime}`);
        expect(limited.resetAt).toBeNull();
      } else {
        expect(limited.resetAt, limited.reason).not.toBeNull();
        expect(Math.abs(limited.resetAt! - (Date.now() + 2 * 3600_000))).toBeLessThan(15 * 60_000);
      }
      expect(path(limit()).join(','), JSON.stringify(limit())).toMatch(/^(busy,)?rate_limited$/);
      if (spec.afterRateLimit) {
        // Its dialog closed, the CLI winds the request down (its spinner may show a moment) and
        // is back at its composer, the limit still on screen: still rate limited (or, its wait
        // interrupted, idle).
        const dialog = phase();
        const after = spec.afterRateLimitState ?? 'rate_limited';
        await spec.afterRateLimit(d);
        await waitFor(async () => !/1\. Keep trying/.test(await d.screen()) && (await agent()).state === after, `${after} after the limit`, 30_000 * slow);
        expect(path(dialog()).join(','), JSON.stringify(dialog())).toMatch(after === 'rate_limited' ? /^(busy,rate_limited)?$/ : new RegExp(`^(busy,)?${after}$`));
      }

      // An error the CLI shows at once.
      const error = phase();
      await send(spec.errorPrompt ?? 'orc-context go');
      await state('error');
      expect(path(error()).join(','), JSON.stringify(error())).toMatch(/^(busy,)?error$/);

      // Exit: back at the shell, the UI still above the prompt.
      const exit = phase();
      const r = await call<MessageResult>('sendMessage', { target: spec.cli, text: spec.exit, now: true });
      expect(r.status, r.reason).not.toBe('failed');
      const crashed = await state('crashed', 30_000 * slow);
      expect(crashed.reason).toMatch(/^crashed/);
      // KNOWN GAP (reported, not fixed): the sender lets go once it sees the CLI quit, and a
      // capture taken just before the CLI's last redraw can still show the exit command in the
      // box: a frame of `unsubmitted` naming it may precede crashed. Nothing else may.
      const exitPath = exit().filter((t) => !(t.to === 'unsubmitted' && t.reason.includes(spec.exit)));
      expect(path(exitPath), JSON.stringify(exit())).toEqual(['crashed']);

      // Each transition once: no state reported twice in a row, and the store holds the same list.
      for (let i = 1; i < transitions.length; i++) expect(transitions[i]!.from, JSON.stringify(transitions)).toBe(transitions[i - 1]!.to);
      const stored = await waitFor(async () => {
        const list = await call<StateTransition[]>('getTimeline', { target: spec.cli });
        return list.length >= transitions.length ? list : null;
      }, 'the transitions stored');
      expect(stored.slice(-transitions.length).map((t) => `${t.from}→${t.to}`)).toEqual(transitions.map((t) => `${t.from}→${t.to}`));
    });
  });
}
