// Notification rules: transitions (and the passage of time) in, notifications out. Pure apart
// from the state it keeps (cooldowns, pending checks, open bursts), with the clock passed in on
// every call, so tests drive it with fake times. What happens to the output — stored, emitted,
// reported to a PM, auto-submitted — is the monitor's business.
//
// Bursts: a notification of a kind opens a burst that collects every notification of that kind
// until groupWindowMs passes without one (at most GROUP_SPAN_WINDOWS windows in all); then the
// burst leaves as ONE notification naming its agents. For problems, agents that left the state
// meanwhile are dropped from it (a question answered within seconds never reaches the person).
import type { AgentInfo, NotificationRecord, StateTransition } from '../../shared/domain.js';
import type { Settings } from '../../shared/settings.js';
import type { AgentState, NotificationKind } from '../../shared/vocabulary.js';

export type RuleSettings = Pick<Settings, 'cooldownMs' | 'teamIdleMinutes' | 'autoSubmitUnsent' | 'quietMs' | 'groupWindowMs'>;

/** A notification as a rule makes it: the stored record before it has an id (members not yet resolved). */
export type RuleNotification = Omit<NotificationRecord, 'id' | 'readAt'>;

/** A burst lasts at most this many windows from its first notification, so a steady stream still reaches the person. */
const GROUP_SPAN_WINDOWS = 10;
/** Names spelled out in a grouped notification's text (all are in its members). */
const GROUP_NAMES = 8;

/** What a group of agents did, by kind (the grouped text is "N agents <phrase>: names"). */
const GROUP_PHRASE: Record<NotificationKind, string> = {
  idle: 'finished and are idle',
  waiting: 'are waiting for a decision',
  unsubmitted: 'have text left unsent in their input box',
  rate_limited: 'hit their usage limit',
  crashed: 'crashed',
  error: 'show an error',
  team_idle: 'are all idle',
  lost: 'were lost',
};

/** The same for one agent of a group. */
const ONE_PHRASE: Record<NotificationKind, string> = {
  idle: 'finished and is idle',
  waiting: 'is waiting for a decision',
  unsubmitted: 'has text left unsent in its input box',
  rate_limited: 'hit its usage limit',
  crashed: 'crashed',
  error: 'shows an error',
  team_idle: 'is all idle',
  lost: 'was lost',
};

/** "3 agents finished and are idle: a, b, c" (names beyond GROUP_NAMES counted); "a crashed" for one. */
export function groupText(kind: NotificationKind, names: readonly string[]): string {
  if (names.length === 1) return `${names[0]} ${ONE_PHRASE[kind]}`;
  const shown = names.slice(0, GROUP_NAMES).join(', ');
  const more = names.length > GROUP_NAMES ? ` and ${names.length - GROUP_NAMES} more` : '';
  return `${names.length} agents ${GROUP_PHRASE[kind]}: ${shown}${more}`;
}

const PROBLEM: ReadonlySet<NotificationKind> = new Set(['waiting', 'unsubmitted', 'rate_limited', 'crashed', 'error']);

/** Whether an agent in `state` is still what a `kind` notification says. */
function stillIn(kind: NotificationKind, state: AgentState): boolean {
  return kind === 'idle' || kind === 'team_idle' ? state === 'idle' : state === kind;
}

interface Burst {
  kind: NotificationKind;
  firstAt: number;
  lastAt: number;
  /** By agent id: one entry per agent (a later notification of the same agent replaces its text). */
  notes: Map<string, RuleNotification>;
}

export type RuleEffect =
  | { type: 'notify'; notification: RuleNotification }
  /** Press Enter on text left in the agent's input box (once per episode). */
  | { type: 'submit'; agentId: string };

/** Bounds on what the rules remember. */
const MAX_KEYS = 20_000;

/** `HH:MM` local, with the date when not today, for reset times. */
export function formatClock(at: number, now: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const today = new Date(now).toDateString() === d.toDateString();
  return today ? hm : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
}

/** The reason without its leading `state:` word (the text already says the state). */
function detail(reason: string): string {
  return reason.replace(/^[a-z_]+:\s*/, '');
}

export class NotificationRules {
  private settings: RuleSettings;
  /** `kind|agentId-or-team` → last time that rule fired. */
  private readonly lastFired = new Map<string, number>();
  /** Agents whose text sits unsent: since when (the notification waits a grace period). */
  private readonly unsentSince = new Map<string, number>();
  /** Agents auto-submitted in their current unsubmitted episode. */
  private readonly submitted = new Set<string>();
  /** Teams already reported idle in their current all-idle episode. */
  private readonly teamIdleReported = new Set<string>();
  /** Open bursts, oldest first (at most one collecting per kind; the rest wait for check()). */
  private readonly bursts: Burst[] = [];
  /** Agents whose next idle is our own doing (a PM report was typed into them): until when. */
  private readonly selfInduced = new Map<string, number>();
  /** Problems an earlier monitor run notified and left open, still there: by agent id, the kind not to notify again. */
  private readonly openBefore = new Map<string, NotificationKind>();
  private nextDue: number | null = null;

  constructor(settings: RuleSettings) {
    this.settings = settings;
  }

  updateSettings(settings: RuleSettings): void {
    this.settings = settings;
  }

  /** Epoch ms when `check` next has something to decide, or null. */
  nextCheckAt(): number | null {
    return this.nextDue;
  }

  /** Forget an agent that went away. */
  forget(agentId: string): void {
    this.unsentSince.delete(agentId);
    this.submitted.delete(agentId);
    this.selfInduced.delete(agentId);
    this.openBefore.delete(agentId);
  }

  /**
   * The agent is still in the problem a notification left open by an earlier monitor run is
   * about: that notification stands for it, so the problem is not notified again (until the
   * agent leaves the state and comes back).
   */
  alreadyOpen(agentId: string, kind: NotificationKind): void {
    this.openBefore.set(agentId, kind);
    while (this.openBefore.size > MAX_KEYS) this.openBefore.delete(this.openBefore.keys().next().value!);
  }

  /**
   * The monitor's first look at an agent that was already there: no transition, but a state that
   * needs the person (a question shown, a limit, a crash…) is as much news as if it had just begun.
   */
  onFirstLook(agent: AgentInfo, now: number): RuleEffect[] {
    const t: StateTransition = { agentId: agent.id, agent: agent.name, target: agent.target, team: agent.team, from: 'unknown', to: agent.state, at: now, reason: agent.reason };
    return this.onTransition(t, agent, now);
  }

  /**
   * We typed into this agent (a PM report): its work on it ending is no news, so its next
   * busy→idle within `withinMs` raises no notification. Questions, errors and crashes still do.
   */
  expectSelfInduced(agentId: string, now: number, withinMs = 30 * 60_000): void {
    this.selfInduced.set(agentId, now + withinMs);
    this.bound(this.selfInduced);
  }

  onTransition(t: StateTransition, agent: AgentInfo, now: number): RuleEffect[] {
    const out: RuleEffect[] = [];
    if (this.openBefore.get(t.agentId) !== t.to) this.openBefore.delete(t.agentId);
    if (t.from === 'unsubmitted' || t.to !== 'unsubmitted') {
      this.unsentSince.delete(t.agentId);
      if (t.to !== 'unsubmitted') this.submitted.delete(t.agentId);
    }
    const who = `${t.agent} (${t.target})`;
    switch (t.to) {
      case 'idle': {
        const quietUntil = this.selfInduced.get(t.agentId);
        if (quietUntil !== undefined) {
          this.selfInduced.delete(t.agentId);
          if (now <= quietUntil) break;
        }
        if (t.from === 'busy') this.fire(out, 'idle', agent, `${who} finished and is idle`, now);
        break;
      }
      case 'waiting':
        this.fire(out, 'waiting', agent, `${who} is waiting for a decision: ${detail(t.reason)}`, now);
        break;
      case 'unsubmitted':
        // Text typed a moment before Enter is normal: only text that stays gets a notification.
        if (!this.unsentSince.has(t.agentId)) this.unsentSince.set(t.agentId, now);
        this.bound(this.unsentSince);
        break;
      case 'rate_limited': {
        const when = agent.resetAt ? `; resets at ${formatClock(agent.resetAt, now)}` : '';
        this.fire(out, 'rate_limited', agent, `${who} hit its usage limit${when}`, now);
        break;
      }
      case 'crashed':
        this.fire(out, 'crashed', agent, `${who} crashed: ${detail(t.reason)}`, now);
        break;
      case 'error':
        this.fire(out, 'error', agent, `${who} shows an error: ${detail(t.reason)}`, now);
        break;
      default:
        break;
    }
    return out;
  }

  /**
   * Time-based rules: unsent text that stayed for the grace period, and teams whose every
   * member has been idle for teamIdleMinutes. Call on a timer (see nextCheckAt) or any tick.
   */
  check(agents: readonly AgentInfo[], now: number): RuleEffect[] {
    const out: RuleEffect[] = [];
    let due: number | null = null;
    const soonest = (at: number) => {
      due = due === null ? at : Math.min(due, at);
    };
    const byId = new Map(agents.map((a) => [a.id, a]));
    const grace = Math.max(this.settings.quietMs, 500);
    for (const [id, since] of this.unsentSince) {
      const a = byId.get(id);
      if (!a || a.state !== 'unsubmitted') {
        this.unsentSince.delete(id);
        continue;
      }
      if (now - since < grace) {
        soonest(since + grace);
        continue;
      }
      this.unsentSince.delete(id);
      this.fire(out, 'unsubmitted', a, `${a.name} (${a.target}) has text left unsent in its input box`, now);
      if (this.settings.autoSubmitUnsent && !this.submitted.has(id)) {
        this.submitted.add(id);
        out.push({ type: 'submit', agentId: id });
      }
    }
    this.checkTeams(agents, now, out, soonest);
    this.flushBursts(byId, now, out, soonest);
    this.nextDue = due;
    return out;
  }

  /** Emit every burst whose window has passed (see the file comment). */
  private flushBursts(byId: ReadonlyMap<string, AgentInfo>, now: number, out: RuleEffect[], soonest: (at: number) => void): void {
    for (const burst of [...this.bursts]) {
      const closesAt = this.closesAt(burst);
      if (now < closesAt) {
        soonest(closesAt);
        continue;
      }
      this.bursts.splice(this.bursts.indexOf(burst), 1);
      // A problem whose agent already left the state is over: no news. News (an agent finished)
      // stays news even when the agent has moved on.
      const live = [...burst.notes.values()].filter((n) => {
        if (!PROBLEM.has(burst.kind)) return true;
        const a = n.agentId === null ? undefined : byId.get(n.agentId);
        return a !== undefined && stillIn(burst.kind, a.state);
      });
      const note = live.length === 1 ? live[0]! : live.length > 1 ? this.grouped(burst.kind, live) : null;
      if (note) out.push({ type: 'notify', notification: note });
    }
  }

  private closesAt(b: Burst): number {
    const window = this.settings.groupWindowMs;
    return Math.min(b.lastAt + window, b.firstAt + window * GROUP_SPAN_WINDOWS);
  }

  private grouped(kind: NotificationKind, notes: readonly RuleNotification[]): RuleNotification {
    const members = notes.flatMap((n) => n.members);
    const teams = new Set(notes.map((n) => n.team));
    const first = notes[0]!;
    return {
      kind,
      agent: first.agent,
      agentId: first.agentId,
      team: teams.size === 1 ? first.team : null,
      text: groupText(kind, members.map((m) => m.agent)),
      createdAt: Math.min(...notes.map((n) => n.createdAt)),
      members,
      resolvedAt: null,
    };
  }

  /** Hold a notification about one agent in its kind's burst (or emit it at once when grouping is off). */
  private enqueue(out: RuleEffect[], note: RuleNotification, now: number): void {
    if (this.settings.groupWindowMs <= 0 || note.agentId === null) {
      out.push({ type: 'notify', notification: note });
      return;
    }
    // The kind's open burst, unless its window passed and it only waits for check() to leave.
    let burst = this.bursts.find((b) => b.kind === note.kind && now < this.closesAt(b));
    if (!burst) this.bursts.push((burst = { kind: note.kind, firstAt: now, lastAt: now, notes: new Map() }));
    burst.lastAt = now;
    burst.notes.delete(note.agentId);
    burst.notes.set(note.agentId, note);
    while (burst.notes.size > MAX_KEYS) burst.notes.delete(burst.notes.keys().next().value!);
    const closesAt = this.closesAt(burst);
    this.nextDue = this.nextDue === null ? closesAt : Math.min(this.nextDue, closesAt);
  }

  private checkTeams(agents: readonly AgentInfo[], now: number, out: RuleEffect[], soonest: (at: number) => void): void {
    const teams = new Map<string, AgentInfo[]>();
    for (const a of agents) {
      if (a.team === null) continue;
      const list = teams.get(a.team);
      if (list) list.push(a);
      else teams.set(a.team, [a]);
    }
    const span = this.settings.teamIdleMinutes * 60_000;
    for (const team of this.teamIdleReported) if (!teams.has(team)) this.teamIdleReported.delete(team);
    for (const [team, members] of teams) {
      if (!members.every((a) => a.state === 'idle')) {
        this.teamIdleReported.delete(team);
        continue;
      }
      if (this.teamIdleReported.has(team)) continue;
      const idleSince = Math.max(...members.map((a) => a.since));
      if (now - idleSince < span) {
        soonest(idleSince + span);
        continue;
      }
      this.teamIdleReported.add(team);
      const minutes = Math.floor((now - idleSince) / 60_000);
      const text = `team ${team}: all ${members.length} agent${members.length === 1 ? '' : 's'} idle for ${minutes} min`;
      this.fireKey(out, 'team_idle', `team_idle|${team}`, { agent: null, agentId: null, team }, text, now);
    }
  }

  private fire(out: RuleEffect[], kind: NotificationKind, agent: AgentInfo, text: string, now: number): void {
    if (this.openBefore.get(agent.id) === kind) {
      this.openBefore.delete(agent.id);
      return;
    }
    this.fireKey(out, kind, `${kind}|${agent.id}`, { agent: agent.name, agentId: agent.id, team: agent.team }, text, now);
  }

  private fireKey(
    out: RuleEffect[],
    kind: NotificationKind,
    key: string,
    who: Pick<RuleNotification, 'agent' | 'agentId' | 'team'>,
    text: string,
    now: number,
  ): void {
    const last = this.lastFired.get(key);
    if (last !== undefined && now - last < this.settings.cooldownMs[kind]) return;
    this.lastFired.delete(key); // re-insert: the map's order is oldest-first for the bound
    this.lastFired.set(key, now);
    this.bound(this.lastFired);
    const members = who.agentId === null ? [] : [{ agentId: who.agentId, agent: who.agent ?? who.agentId, resolvedAt: null }];
    this.enqueue(out, { kind, ...who, text, createdAt: now, members, resolvedAt: null }, now);
  }

  private bound(m: Map<string, number>): void {
    while (m.size > MAX_KEYS) m.delete(m.keys().next().value!);
  }
}
