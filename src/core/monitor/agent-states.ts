// The per-agent state machine: a changed screen is classified, held (a launching agent's
// shell, text only just typed), and becomes a transition or a quieter update. It owns the
// agents' state fields in the registry, the output-to-transition latency and the time each
// agent spends in each state; what must be kept goes to the history writer.
import type { AgentInfo, AgentPrompt, StateTransition } from '../../shared/domain.js';
import type { Settings } from '../../shared/settings.js';
import type { AgentState } from '../../shared/vocabulary.js';
import { profilePace, type Classification, type HookEvent, type AgentRegistry, type RegistryDiff } from '../agents/index.js';
import { lastLineOf, type PaneSnapshot } from './capture.js';
import type { CaptureFacts, CaptureSink } from './capture-scheduler.js';
import type { HistoryWriter } from './history-writer.js';
import { Ring } from './metrics.js';
import { classifyPane } from './snapshot.js';
import { HookFusion } from './hook-fusion.js';
import type { MonitorEvent } from './monitor.js';
import { LOCAL_HOST } from '../../shared/hosts.js';

export interface StateHolds {
  /**
   * A new agent's pane passes through its shell while the agent launches (or is typed into a
   * shell): for this long after it appeared, "back at the shell" still counts as starting (default 15 s).
   */
  startGraceMs?: number;
  /**
   * Text in the box of an agent at its composer (idle, or showing an error or a limit) is
   * unsent once no key has echoed for this long (default 250 ms) and no sender holds the pane
   * (its @orc-lock): a message being typed — by a person or by sendMessage — is not a state, a
   * finished draft is, at once. So is a draft typed while the agent worked, left in the box
   * when its turn ends. Text that keeps changing is being typed, however long; text that stays
   * while output goes on (a redrawing screen) is held at most 1 s; 10 s for a sender.
   */
  unsentHoldMs?: number;
  /** agentChanged events for reason/last-line changes alone, at most this often per agent (default 1 s). */
  minChangeEventMs?: number;
}

export interface AgentStatesOptions extends StateHolds {
  registry: AgentRegistry;
  history: Pick<HistoryWriter, 'transition' | 'firstLook' | 'addStateTime' | 'forget' | 'gone' | 'listedFirst'>;
  settings: () => Settings;
  now: () => number;
  /** Capture a pane again and classify it even if unchanged (the unsent-text hold's re-check). */
  recheck: (paneId: string) => void;
  emit: (e: MonitorEvent) => void;
  /** Every update of an agent (null: it went away), for waiters. */
  updated: (agent: AgentInfo | null, agentId: string) => void;
}

/** What the state machine keeps per agent (by pane id). */
interface AgentTrack {
  /** When text first showed in the box of this idle agent (see unsentHoldMs), and the re-check. */
  unsentSince: number | null;
  /** The text held in the box, and when it last changed (keys still coming: being typed). */
  heldInput: string | null;
  heldInputSince: number;
  /** The box's text on the latest screen at work (busy, a prompt): a draft typed meanwhile. */
  workInput: string | null;
  unsentTimer: NodeJS.Timeout | null;
  lookDue: number;
  /** When a screen between frames (no input box yet, nothing known) first showed after a known state. */
  frameSince: number | null;
  /** Classified at least once. */
  classified: boolean;
  /** The first classification sets the state without a transition (agents found at start). */
  silentFirst: boolean;
  lastEventAt: number;
  /** Time in the current state is accounted up to here. */
  accountedAt: number;
  /** When the agent appeared (for the start grace). */
  addedAt: number;
  /** The settled screen check that confirms or corrects a hook's claim. */
  hookTimer: NodeJS.Timeout | null;
  /** The prompt on screen and when its fingerprint first showed (answers younger than that are refused). */
  prompt: AgentPrompt | null;
}

/** States whose screen has the composer in front: text typed there is a message or a draft. */
const AT_COMPOSER: readonly AgentState[] = ['idle', 'error', 'rate_limited'];
/** States of an agent at work, whose screen may show a draft typed meanwhile in the box. */
const AT_WORK: readonly AgentState[] = ['busy', 'waiting'];
/** Longest hold while the screen keeps printing, and while a sender holds the pane. */
const OUTPUT_HOLD_MS = 1_000;
const SENDER_HOLD_MS = 10_000;
/**
 * States a screen between frames does not hold (nothing known to keep), and how long it holds
 * the others (longer for a CLI whose profile says it redraws slower: opencode's blank screen).
 */
const IN_BETWEEN: readonly AgentState[] = ['starting', 'unknown', 'crashed'];
const FRAME_HOLD_MS = 1_000;
/**
 * States a turn ends in, believed from a screen whose output has paused this long: a frame torn
 * mid-redraw (Gemini CLI rewrites its whole history on /quit) can show an old turn's usage
 * limit or error as the latest, and both raise an open problem.
 */
const TURN_END: readonly AgentState[] = ['rate_limited', 'error'];
const TURN_END_SETTLE_MS = 100;
/** How often a starting agent's screen is looked at again (see watchLaunch). */
const LAUNCH_LOOK_MS = 1_000;

export class AgentStates implements CaptureSink {
  readonly counts = { classifications: 0, transitions: 0 };
  /** Output-to-transition latency, all time (stats) and since the last sample (metrics). */
  readonly latency = new Ring(1024);
  private readonly sampleLatency = new Ring(1024);
  /** Hook-event-to-transition latency (from the hook's own timestamp), all time. */
  readonly hookLatency = new Ring(1024);
  private readonly tracks = new Map<string, AgentTrack>();
  private readonly fusion: HookFusion;

  constructor(private readonly opts: AgentStatesOptions) {
    this.fusion = new HookFusion(() => opts.settings().quietMs);
  }

  listed(diff: RegistryDiff, initial: boolean): void {
    const now = this.opts.now();
    for (const a of diff.added) {
      this.tracks.set(a.paneId, { unsentSince: null, heldInput: null, heldInputSince: 0, workInput: null, unsentTimer: null, lookDue: 0, frameSince: null, classified: false, silentFirst: initial, lastEventAt: now, accountedAt: now, addedAt: now, hookTimer: null, prompt: null });
      this.opts.emit({ type: 'agentChanged', agent: a });
    }
    for (const a of diff.changed) this.opts.emit({ type: 'agentChanged', agent: a });
    for (const a of diff.removed) this.remove(a, now);
    if (initial) this.opts.history.listedFirst(this.opts.registry.list().map((a) => a.paneId));
  }

  screenChanged(paneId: string, snap: PaneSnapshot, facts: CaptureFacts): AgentState | undefined {
    const { registry, settings } = this.opts;
    const agent = registry.byPane(paneId);
    const track = this.tracks.get(paneId);
    if (!agent || !track) return undefined;
    const { now, sinceOutputMs } = facts;
    const extras = registry.extrasOf(paneId);
    let c = classifyPane(agent.type, snap, {
      quietMs: sinceOutputMs,
      quietThresholdMs: settings().quietMs,
      now,
      startCommand: extras?.startCommand,
      ...(agent.host === LOCAL_HOST ? { panePid: extras?.pid } : {}),
    });
    this.counts.classifications++;
    if (!track.silentFirst && agent.state === 'starting' && c.state === 'crashed' && !snap.dead && now - track.addedAt < (this.opts.startGraceMs ?? 15_000)) {
      c = { ...c, state: 'starting', reason: `starting: the agent is launching (${snap.command || 'shell'} in front)` };
    }
    if (AT_WORK.includes(c.state)) track.workInput = c.input;
    c = this.holdFrame(paneId, track, agent, c, now, snap.dead ? Number.MAX_SAFE_INTEGER : sinceOutputMs);
    this.watchLaunch(paneId, track, c, now);
    c = this.holdUnsent(paneId, track, agent, c, now, snap.sending, sinceOutputMs);
    c = this.fuseHook(paneId, track, agent, c, now, snap.dead);
    const prompt = promptSeen(track, c, now);
    const lastLine = lastLineOf(snap.screen);
    const command = snap.command || agent.command;
    const first = !track.classified;
    track.classified = true;
    if (c.state !== agent.state && !(first && track.silentFirst)) {
      this.transition(track, agent, { state: c.state, reason: c.reason, resetAt: c.resetAt, lastLine, command, prompt }, now, facts.outputSince);
      return c.state;
    }
    const changedState = c.state !== agent.state;
    const samePrompt = (agent.prompt ?? null) === prompt;
    if (!changedState && samePrompt && c.reason === agent.reason && lastLine === agent.lastLine && c.resetAt === agent.resetAt && command === agent.command) return c.state;
    const next = registry.update(paneId, { state: c.state, reason: c.reason, resetAt: c.resetAt, lastLine, command, prompt, ...(changedState ? { since: now } : {}) });
    if (!next) return c.state;
    this.opts.updated(next, next.id);
    if (first && track.silentFirst) this.opts.history.firstLook(next, now);
    // A new prompt is news at once: answer buttons must never show the one it replaced.
    if (changedState || first || !samePrompt || now - track.lastEventAt >= (this.opts.minChangeEventMs ?? 1000)) {
      track.lastEventAt = now;
      this.opts.emit({ type: 'agentChanged', agent: next });
    }
    return c.state;
  }

  /**
   * The agent's own hook reported an event (see hook-fusion.ts): its state is shown at once,
   * and the screen is looked at now and, if it disagrees, again once it has settled.
   */
  hookEvent(paneId: string, e: HookEvent): void {
    const agent = this.opts.registry.byPane(paneId);
    const track = this.tracks.get(paneId);
    if (!agent || !track) return;
    const now = this.opts.now();
    const v = this.fusion.onHook(paneId, e, now, agent.state);
    if (v && v.state !== agent.state) {
      this.hookLatency.push(Math.max(0, now - e.at));
      this.transition(track, agent, { state: v.state, reason: v.reason, resetAt: agent.resetAt, lastLine: agent.lastLine, command: agent.command, prompt: v.state === 'waiting' ? (agent.prompt ?? null) : null }, now, null);
    }
    this.opts.recheck(paneId);
  }

  /** Time in the current state, up to `now`, for every agent (into the history writer). */
  accountStateTime(now: number): void {
    for (const a of this.opts.registry.list()) {
      const track = this.tracks.get(a.paneId);
      if (!track) continue;
      this.opts.history.addStateTime(a, now - track.accountedAt);
      track.accountedAt = now;
    }
  }

  /** The p95 output-to-transition latency since the previous call. */
  takeLatencyP95(): number {
    const p95 = this.sampleLatency.percentile(95);
    this.sampleLatency.clear();
    return p95;
  }

  stop(now: number): void {
    for (const track of this.tracks.values()) clearTimers(track);
    this.accountStateTime(now);
  }

  private transition(
    track: AgentTrack,
    prev: AgentInfo,
    c: Pick<AgentInfo, 'state' | 'reason' | 'resetAt' | 'lastLine' | 'command' | 'prompt'>,
    now: number,
    outputSince: number | null,
  ): void {
    this.opts.history.addStateTime(prev, now - track.accountedAt);
    track.accountedAt = now;
    const next = this.opts.registry.update(prev.paneId, { ...c, since: now });
    if (!next) return;
    const t: StateTransition = { agentId: next.id, agent: next.name, target: next.target, team: next.team, from: prev.state, to: next.state, at: now, reason: next.reason };
    this.counts.transitions++;
    if (outputSince !== null) {
      const ms = Math.max(0, now - outputSince);
      this.latency.push(ms);
      this.sampleLatency.push(ms);
    }
    track.lastEventAt = now;
    this.opts.emit({ type: 'agentChanged', agent: next, transition: t });
    this.opts.updated(next, next.id);
    this.opts.history.transition(t, next, now);
  }

  /** A hook's claim stands against a screen that has not settled yet; a settled one confirms or corrects it. */
  private fuseHook(paneId: string, track: AgentTrack, agent: AgentInfo, c: Classification, now: number, dead: boolean): Classification {
    const d = this.fusion.onScreen(paneId, c, now, dead);
    if (d.use === 'screen') {
      return d.corrected ? { ...c, reason: `${c.reason} (screen check; the ${d.corrected.event} hook said ${d.corrected.state})` } : c;
    }
    if (!track.hookTimer) {
      track.hookTimer = setTimeout(() => {
        track.hookTimer = null;
        if (this.tracks.get(paneId) === track) this.opts.recheck(paneId);
      }, Math.max(0, d.recheckAt - now) + 1);
      track.hookTimer.unref?.();
    }
    return { ...c, state: agent.state, reason: agent.reason };
  }

  /**
   * Text in the box of an agent at its composer is held while it is being typed (see
   * unsentHoldMs); while a sender holds the pane, so is the composer it submits from (between
   * Enter and the agent's first sign of work, the screen shows an empty box).
   */
  private holdUnsent(paneId: string, track: AgentTrack, agent: AgentInfo, c: Classification, now: number, sending: boolean, sinceOutputMs: number): Classification {
    // Text in the box is held coming from any state (a frame mid-redraw can show the message
    // just sent as if in the box). While a sender submits, the composer's screen is its own
    // typing's echo: moves between composer states wait for the agent's answer (busy, waiting…).
    const typed =
      (c.state === 'unsubmitted' && agent.state !== 'unsubmitted') ||
      (sending && c.state !== agent.state && AT_COMPOSER.includes(c.state) && AT_COMPOSER.includes(agent.state));
    if (!typed) {
      track.unsentSince = null;
      return c;
    }
    track.unsentSince ??= now;
    const held = now - track.unsentSince;
    if (c.input !== track.heldInput) {
      track.heldInput = c.input;
      track.heldInputSince = now;
    }
    // Output that leaves the text as it was is a redrawing screen, not typing: it holds 1 s.
    const unchanged = now - Math.max(track.unsentSince, track.heldInputSince);
    const typingMs = this.opts.unsentHoldMs ?? 250;
    // Coming from work (busy, a prompt), text that was not in the box then is mostly the message
    // just sent, drawn for a frame as if in the box (Gemini CLI, Qwen Code): it must last
    // OUTPUT_HOLD_MS. Text the screens at work already showed was typed meanwhile: a draft,
    // unsent once the screen is still, as at the composer.
    const fromWork = !AT_COMPOSER.includes(agent.state) && !(c.input && c.input === track.workInput);
    const left = sending
      ? Math.min(typingMs, SENDER_HOLD_MS - held)
      : c.state !== 'unsubmitted'
        ? 0
        : fromWork
          ? OUTPUT_HOLD_MS - held
          : Math.min(typingMs - sinceOutputMs, OUTPUT_HOLD_MS - unchanged);
    if (left <= 0) return c;
    this.lookAgain(paneId, track, left);
    // The prompt on screen stands with the state (and keeps its age: answers wait for a settled prompt).
    return { ...c, state: agent.state, reason: agent.reason, prompt: track.prompt ?? undefined };
  }

  /**
   * A frame that may be torn mid-redraw holds the state for up to FRAME_HOLD_MS while the screen
   * is looked at again: `starting` (a launch) or `unknown` (nothing recognised) right after a
   * known state, mostly a dialog just closed or the box being drawn (longer for a CLI whose
   * profile says so, ProfilePace.betweenFramesMs: opencode's blank screen while it opens a
   * session); and a new turn-end state (TURN_END) on a screen still printing, looked at again
   * once its output has paused. The first look is never held: it sets the state silently, and a
   * hold would make it a transition.
   */
  private holdFrame(paneId: string, track: AgentTrack, agent: AgentInfo, c: Classification, now: number, sinceOutputMs: number): Classification {
    const between = (c.state === 'starting' || c.state === 'unknown') && track.classified && !IN_BETWEEN.includes(agent.state);
    const printing = TURN_END.includes(c.state) && track.classified && c.state !== agent.state && sinceOutputMs < TURN_END_SETTLE_MS;
    if (!between && !printing) {
      track.frameSince = null;
      return c;
    }
    track.frameSince ??= now;
    const holdMs = between ? (profilePace(agent.type).betweenFramesMs ?? FRAME_HOLD_MS) : FRAME_HOLD_MS;
    const left = track.frameSince + holdMs - now;
    if (left <= 0) return c;
    this.lookAgain(paneId, track, printing ? Math.min(left, TURN_END_SETTLE_MS - sinceOutputMs) : left);
    // The prompt on screen stands with the state (and keeps its age: answers wait for a settled prompt).
    return { ...c, state: agent.state, reason: agent.reason, prompt: track.prompt ?? undefined };
  }

  /**
   * A launch's first frames may be drawn before any control client watches its session (a new
   * session over ssh gets its client a connection later) and so never arrive as output: while
   * an agent shows `starting` within the start grace, its screen is looked at again each second.
   */
  private watchLaunch(paneId: string, track: AgentTrack, c: Classification, now: number): void {
    if (c.state === 'starting' && now - track.addedAt < (this.opts.startGraceMs ?? 15_000)) this.lookAgain(paneId, track, LAUNCH_LOOK_MS);
  }

  /** Capture the pane again in `ms` (one timer per agent: a hold's re-check). */
  private lookAgain(paneId: string, track: AgentTrack, ms: number): void {
    const due = this.opts.now() + ms;
    if (track.unsentTimer && track.lookDue <= due) return;
    if (track.unsentTimer) clearTimeout(track.unsentTimer);
    track.lookDue = due;
    track.unsentTimer = setTimeout(() => {
      track.unsentTimer = null;
      if (this.tracks.get(paneId) === track) this.opts.recheck(paneId);
    }, ms + 1);
    track.unsentTimer.unref?.();
  }

  private remove(a: AgentInfo, now: number): void {
    const track = this.tracks.get(a.paneId);
    if (track) {
      this.opts.history.addStateTime(a, now - track.accountedAt);
      clearTimers(track);
    }
    this.tracks.delete(a.paneId);
    this.fusion.drop(a.paneId);
    this.opts.history.forget(a.id);
    this.opts.history.gone(a);
    this.opts.emit({ type: 'agentRemoved', id: a.id });
    this.opts.updated(null, a.id);
  }
}

/**
 * The prompt a waiting agent shows, with when its fingerprint first showed: the same object
 * while it stays (so an unchanged prompt is no change), a new one when the question changes.
 */
function promptSeen(track: AgentTrack, c: Classification, now: number): AgentPrompt | null {
  const p = c.state === 'waiting' ? c.prompt : null;
  if (!p) return (track.prompt = null);
  if (track.prompt?.fingerprint !== p.fingerprint) track.prompt = { ...p, since: now };
  return track.prompt;
}

function clearTimers(track: AgentTrack): void {
  if (track.unsentTimer) clearTimeout(track.unsentTimer);
  if (track.hookTimer) clearTimeout(track.hookTimer);
  track.unsentTimer = track.hookTimer = null;
}
