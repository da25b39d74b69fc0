// Automatic continue after a usage limit (opt-in per agent or team, settings.autoContinue):
// when an agent shows its usage limit with a parsed reset time, a timer waits for that time;
// then, as soon as the agent can take input (idle, or still showing the spent limit), the
// configured text is sent once through the normal send path. Once per reset time: a second
// limit with a new reset time arms it again.
import type { AgentInfo } from '../../shared/domain.js';
import type { Settings } from '../../shared/settings.js';

export interface AutoContinueOptions {
  settings: () => Settings;
  /** The normal send path (actions.sendMessage). */
  send: (agentId: string, text: string) => Promise<unknown>;
  now?: () => number;
  warn?: (message: string) => void;
}

export interface AutoContinuer {
  /** Every agent update (the monitor's agentChanged). */
  onAgent(agent: AgentInfo): void;
  /** The agent is gone. */
  forget(agentId: string): void;
  dispose(): void;
}

/** States in which a message is taken at once: ready, or still showing the limit it hit. */
const TAKES_INPUT = new Set(['idle', 'rate_limited']);
/** A timer never waits longer than this at once (setTimeout's limit is ~24.8 days). */
const MAX_WAIT_MS = 2 ** 31 - 1;

export function createAutoContinuer(o: AutoContinueOptions): AutoContinuer {
  const now = o.now ?? Date.now;
  /** Per agent: the reset time waited for, its timer, whether it is due, and the reset time already handled. */
  const armed = new Map<string, { resetAt: number; timer: NodeJS.Timeout | null; due: boolean }>();
  const handled = new Map<string, number>();
  const latest = new Map<string, AgentInfo>();
  const enabled = (a: AgentInfo) => {
    const s = o.settings().autoContinue;
    return s.agents.includes(a.name) || (a.team !== null && s.teams.includes(a.team));
  };
  const fire = (id: string) => {
    const a = latest.get(id);
    const arm = armed.get(id);
    if (!a || !arm?.due || !TAKES_INPUT.has(a.state)) return;
    armed.delete(id);
    handled.set(id, arm.resetAt);
    const text = o.settings().autoContinue.text;
    o.send(id, text).catch((err: unknown) => o.warn?.(`auto-continue of ${a.name} failed: ${(err as Error).message}`));
  };
  const arm = (a: AgentInfo, resetAt: number) => {
    const prev = armed.get(a.id);
    if (prev?.timer) clearTimeout(prev.timer);
    const entry = { resetAt, timer: null as NodeJS.Timeout | null, due: false };
    armed.set(a.id, entry);
    const wait = () => {
      const left = resetAt - now();
      if (left <= 0) {
        entry.timer = null;
        entry.due = true;
        fire(a.id);
        return;
      }
      entry.timer = setTimeout(wait, Math.min(left, MAX_WAIT_MS));
      entry.timer.unref?.();
    };
    wait();
  };
  return {
    onAgent(a) {
      latest.set(a.id, a);
      const arm0 = armed.get(a.id);
      if (a.state === 'rate_limited' && a.resetAt !== null && enabled(a) && handled.get(a.id) !== a.resetAt && arm0?.resetAt !== a.resetAt) {
        arm(a, a.resetAt);
        return;
      }
      if (arm0?.due) fire(a.id);
    },
    forget(id) {
      const t = armed.get(id)?.timer;
      if (t) clearTimeout(t);
      armed.delete(id);
      handled.delete(id);
      latest.delete(id);
    },
    dispose() {
      for (const a of armed.values()) if (a.timer) clearTimeout(a.timer);
      armed.clear();
      handled.clear();
      latest.clear();
    },
  };
}
