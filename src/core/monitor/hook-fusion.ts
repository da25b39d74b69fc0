// Fusing an agent's own hook events with its screen. A hook event decides at once (it comes
// before the screen has even redrawn); the screen stays the ground truth: the first screen
// check made once the screen has had time to settle confirms the hook's state or corrects it,
// so a hook that lies (or an event lost on the way) holds a wrong state for one check at most.
//
// "Time to settle" is the quiet time plus a margin: screen profiles call a turn over only after
// that much silence, so an earlier check that disagrees is the screen lagging, not the hook lying.
// States only the screen can tell (a crash, a fatal error, a usage limit) win at once.
import type { AgentState } from '../../shared/vocabulary.js';
import type { HookEvent } from '../agents/index.js';

/** What the screen check said, as fusion needs it. */
export interface ScreenVerdict {
  state: AgentState;
  reason: string;
}

/** The pane's screen: settled (or dead), so its verdict stands against any hook. */
const SCREEN_ONLY: ReadonlySet<AgentState> = new Set(['crashed', 'error', 'rate_limited']);
/** Added to the quiet time before a disagreeing screen overrules a hook. */
export const HOOK_SETTLE_MARGIN_MS = 500;

interface Claim {
  state: AgentState;
  event: string;
  at: number;
}

export type ScreenDecision =
  /** Take the screen's verdict (it agrees, or it overrules the hook: `corrected` then says which claim). */
  | { use: 'screen'; corrected: Claim | null }
  /** Keep the hook's state for now; check the screen again at `recheckAt`. */
  | { use: 'hook'; recheckAt: number };

export class HookFusion {
  private readonly claims = new Map<string, Claim>();

  constructor(private readonly settleMs: () => number) {}

  /**
   * A hook event for the pane. Returns the state to show now with its reason, or null when the
   * event says nothing about the state (then only a screen check is due).
   */
  onHook(paneId: string, e: HookEvent, now: number, current: AgentState): ScreenVerdict | null {
    if (!e.state) return null;
    if (e.state === current) {
      // The screen got there first (a hook is a process of its own, and starting it under load
      // can take a second): the hook adds nothing, and holding its state against the screens
      // after it would hold stale news (a PermissionRequest reported after the prompt was answered).
      this.claims.delete(paneId);
    } else {
      // The hook's own clock may run ahead of ours by a little; never date a claim in the future.
      this.claims.set(paneId, { state: e.state, event: e.event, at: Math.min(e.at, now) });
    }
    return { state: e.state, reason: `${e.state}: ${e.detail || e.event} (${e.event} hook)` };
  }

  /** A screen check of the pane: whose verdict stands. */
  onScreen(paneId: string, screen: ScreenVerdict, now: number, dead = false): ScreenDecision {
    const claim = this.claims.get(paneId);
    if (!claim) return { use: 'screen', corrected: null };
    if (screen.state === claim.state) {
      this.claims.delete(paneId);
      return { use: 'screen', corrected: null };
    }
    const settledAt = claim.at + this.settleMs() + HOOK_SETTLE_MARGIN_MS;
    if (dead || SCREEN_ONLY.has(screen.state) || now >= settledAt) {
      this.claims.delete(paneId);
      return { use: 'screen', corrected: claim };
    }
    return { use: 'hook', recheckAt: settledAt };
  }

  /** The claim on a pane, if any (for tests and the agent's detail). */
  claimOf(paneId: string): Readonly<Claim> | undefined {
    return this.claims.get(paneId);
  }

  /** The pane is gone: forget its claim (the table stays bounded by the live panes). */
  drop(paneId: string): void {
    this.claims.delete(paneId);
  }
}
