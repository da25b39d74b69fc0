// Notification rules: transitions (and the passage of time) in, notifications out. Pure apart
// from the state it keeps (cooldowns, pending checks), with the clock passed in on every call,
// so tests drive it with fake times. What happens to the output — stored, emitted, reported to
// a PM, auto-submitted — is the monitor's business.
import type { AgentInfo, NotificationRecord, StateTransition } from '../../shared/domain.js';
import type { Settings } from '../../shared/settings.js';
import type { NotificationKind } from '../../shared/vocabulary.js';

export type RuleSettings = Pick<Settings, 'cooldownMs' | 'teamIdleMinutes' | 'autoSubmitUnsent' | 'quietMs'>;

/** A notification as a rule makes it: the stored record before it has an id. */
export type RuleNotification = Omit<NotificationRecord, 'id' | 'readAt'>;

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
  }

  onTransition(t: StateTransition, agent: AgentInfo, now: number): RuleEffect[] {
    const out: RuleEffect[] = [];
    if (t.from === 'unsubmitted' || t.to !== 'unsubmitted') {
      this.unsentSince.delete(t.agentId);
      if (t.to !== 'unsubmitted') this.submitted.delete(t.agentId);
    }
    const who = `${t.agent} (${t.target})`;
    switch (t.to) {
      case 'idle':
        if (t.from === 'busy') this.fire(out, 'idle', agent, `${who} finished and is idle`, now);
        break;
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
    this.nextDue = due;
    return out;
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
    out.push({ type: 'notify', notification: { kind, ...who, text, createdAt: now } });
  }

  private bound(m: Map<string, number>): void {
    while (m.size > MAX_KEYS) m.delete(m.keys().next().value!);
  }
}
