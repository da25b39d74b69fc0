// The monitor's end of agents' hooks (core/agents/hooks.ts): a `tmux wait-for orc-hook` kept
// waiting on the server; when a hook signals, the panes' `@orc-hook` options are read in one
// listing and every event not seen before is reported. Events already there when the feed
// starts are history, not news: they are remembered, not reported.
//
// tmux's own `pane-died` hook is one more source: a pane kept by remain-on-exit (spawn sets it)
// whose program exits without printing sends no %output, and format subscriptions are checked
// once a second, so the feed installs a server-wide hook that records a verdict-less event on
// the dead pane and signals the same channel: the pane is looked at within milliseconds. tmux
// runs the hook when it reaps the process; a tmux built with libutempter sometimes misses that
// SIGCHLD (its helper's handler takes it: tmux/tmux#311, ~1 death in 5 under load here) and
// reaps only at its next one, so the subscription's pane_dead (the pty closed) stays the
// fallback, within a second.
import { Backoff } from '../../shared/backoff.js';
import { AGENT_STATES } from '../../shared/vocabulary.js';
import { runProcess } from '../child-process.js';
import { HOOK_CHANNEL, HOOK_OPTION, parseHookEvent, type HookEvent } from '../agents/index.js';
import { commandLine, tmuxArgv, type TmuxTarget, tmuxEnv } from '../tmux/index.js';

export interface HookFeedOptions {
  target: TmuxTarget;
  /** Run one tmux command over the monitor's connection (lines of output); null while not connected. */
  run(args: string[]): Promise<string[] | null>;
  onEvent(paneId: string, event: HookEvent): void;
  warn?(message: string): void;
}

export interface HookFeed {
  /** Read the panes' hook options now (also what a signal does); resolves when reported. */
  poll(): Promise<void>;
  stop(): void;
}

const SEP = '\t';
const LISTING = ['list-panes', '-a', '-F', `#{pane_id}${SEP}#{${HOOK_OPTION}}`];
/**
 * The server-wide `pane-died` hook (global window option, so every pane inherits it). At an
 * index of its own: the user's hooks at other indexes stay, and every monitor sets the same one.
 * The event names the dead process, so a pane respawned and dying again is news again.
 */
export const PANE_DIED_HOOK = 'pane-died[7391]';
// The time in ms as text (no format arithmetic); tmux 3.2 has no pane_dead_time: the server's start.
const PANE_DIED_EVENT = ['pane-died', '#{?pane_dead_time,#{pane_dead_time},#{start_time}}000', '-', 'process #{pane_pid} exited'].join('\t');
const INSTALL_PANE_DIED = [
  'set-hook', '-gw', PANE_DIED_HOOK,
  `${commandLine(['set-option', '-pF', HOOK_OPTION, PANE_DIED_EVENT])} ; ${commandLine(['wait-for', '-S', HOOK_CHANNEL])}`,
];
/** A waiter that fails (no server yet, server gone) is retried after this, doubling up to the max. */
const RETRY = { minMs: 500, maxMs: 5_000 };

export function startHookFeed(o: HookFeedOptions): HookFeed {
  /** The last value seen per pane (bounded by the panes listed: a gone pane's entry is dropped). */
  let seen = new Map<string, string>();
  let primed = false;
  let stopped = false;
  /** Ends the running waiter. */
  let waiter: AbortController | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  const retry = new Backoff(RETRY);
  let reading: Promise<void> | null = null;
  let again = false;

  async function read(): Promise<void> {
    // Once per server (a new one after a restart has no hook yet), before its panes are read.
    // Without it (refused), dead panes are still seen through the format subscription.
    if (!primed) {
      const installed = await o.run(INSTALL_PANE_DIED).catch((err: unknown) => {
        o.warn?.(`pane-died hook not installed: ${(err as Error).message}`);
        return [];
      });
      if (!installed) return; // not connected
    }
    const lines = await o.run(LISTING);
    if (!lines) {
      // Not connected: whatever is there once we are is history.
      primed = false;
      return;
    }
    const next = new Map<string, string>();
    for (const line of lines) {
      const tab = line.indexOf(SEP);
      if (tab < 0) continue;
      const paneId = line.slice(0, tab);
      const value = line.slice(tab + 1);
      if (!value) continue;
      next.set(paneId, value);
      if (!primed || seen.get(paneId) === value) continue;
      const event = parseHookEvent(value, AGENT_STATES);
      if (event) o.onEvent(paneId, event);
    }
    seen = next;
    primed = true;
  }

  /** One read at a time; a signal during a read asks for one more after it. */
  function poll(): Promise<void> {
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      try {
        do {
          again = false;
          await read();
        } while (again && !stopped);
      } catch (err) {
        o.warn?.(`hook events not read: ${(err as Error).message}`);
      } finally {
        reading = null;
      }
    })();
    return reading;
  }

  function wait(): void {
    if (stopped) return;
    const [program, ...args] = tmuxArgv(o.target, ['wait-for', HOOK_CHANNEL]);
    const ended = new AbortController();
    waiter = ended;
    void runProcess(program!, args, { env: tmuxEnv(), signal: ended.signal }).then(({ exitCode }) => {
      if (waiter === ended) waiter = null;
      if (stopped) return;
      if (exitCode === 0) {
        retry.reset();
        // Read first (the listing is on its way before the next waiter's fork); a hook that
        // signals before that waiter is there is not lost: tmux keeps the signal for it.
        void poll();
        wait();
      } else {
        retryTimer = setTimeout(() => {
          retryTimer = null;
          // The server may be new: what is there now is its history.
          primed = false;
          void poll().then(wait);
        }, retry.next());
      }
    });
  }

  void poll().then(wait);
  return {
    poll,
    stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      waiter?.abort();
      waiter = null;
    },
  };
}
