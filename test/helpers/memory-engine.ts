// A small, real, in-memory engine for the shells' and the UI's tests: every method of the
// contract over plain data (no tmux, no database), behind the same handler table core's
// orchestrator fills. Not a mock of any module under test. Imports only src/shared, so both
// the node and the jsdom test projects use it; each suite adds its conveniences in a thin
// wrapper (test/main, test/server, test/renderer).
import { ApiError, type ApiEvent, type ApiHandlers, type ApiMethodName, type EngineHost } from '../../src/shared/api.js';
import type {
  AgentChanges, AgentInfo, EngineStatus, MessageLogEntry, MessageResult, NotificationRecord, PerformanceReview, RestoreOutcome, ScheduleRecord, TeamTemplate } from '../../src/shared/domain.js';
import { applySettingsPatch, DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.js';
import type { AgentState, NotificationKind } from '../../src/shared/vocabulary.js';

/** An idle Claude engineer named `name` (id `local/<name>`), with any field overridden. */
export function agent(name: string, over: Partial<AgentInfo> = {}): AgentInfo {
  const paneId = over.paneId ?? `%${name.length}${name.charCodeAt(0)}${name.charCodeAt(name.length - 1)}`;
  return {
    id: `local/${name}`,
    host: 'local',
    paneId,
    target: `${over.team ?? 'orc'}:1.0`,
    session: over.team ?? 'orc',
    windowName: name,
    name,
    type: 'claude',
    role: 'engineer',
    team: null,
    tagged: true,
    state: 'idle',
    reason: '',
    since: Date.now() - 60_000,
    lastLine: '> ',
    command: 'claude',
    cwd: '/tmp',
    resetAt: null,
    ...over,
  };
}

let nextNotificationId = 1;
export function notification(kind: NotificationKind, agentName: string | null, extra: Partial<NotificationRecord> = {}): NotificationRecord {
  return {
    id: nextNotificationId++,
    kind,
    agent: agentName,
    agentId: agentName ? `local/${agentName}` : null,
    team: null,
    text: `${agentName ?? 'team'} ${kind}`,
    createdAt: 1_000,
    readAt: null,
    members: agentName ? [{ agentId: `local/${agentName}`, agent: agentName, resolvedAt: null }] : [],
    resolvedAt: null,
    ...extra,
  };
}

export interface MemoryEngine extends EngineHost {
  agents: Map<string, AgentInfo>;
  notifications: NotificationRecord[];
  messages: MessageLogEntry[];
  schedules: Map<number, ScheduleRecord>;
  templates: Map<string, TeamTemplate>;
  /** Lost agents (the fleet manifest's, not running): restoreFleet starts them again as idle agents. */
  lost: AgentInfo[];
  /** What getChanges answers per agent id (absent: not a git repository). */
  changes: Map<string, AgentChanges>;
  settings: Settings;
  status: EngineStatus;
  /** What getReview answers (its range is the one asked for); empty by default. */
  review: PerformanceReview;
  /** How often close() was called. */
  closeCount: number;
  emit(event: ApiEvent): void;
  listenerCount(): number;
  /** Change an agent's state and emit agentChanged (what the monitor does). */
  setState(id: string, state: AgentState): void;
  /** Change any of an agent's fields and emit agentChanged. */
  setAgent(id: string, patch: Partial<AgentInfo>): void;
}

export function memoryEngine(initial: AgentInfo[] = [], status: Partial<EngineStatus> = {}): MemoryEngine {
  const listeners = new Set<(e: ApiEvent) => void>();
  let ids = 1;
  const e: MemoryEngine = {
    agents: new Map(initial.map((a) => [a.id, a])),
    notifications: [],
    messages: [],
    schedules: new Map(),
    templates: new Map(),
    changes: new Map(),
    lost: [],
    settings: structuredClone(DEFAULT_SETTINGS),
    review: { range: '7d', from: 0, to: 0, rows: [], agents: [], teams: [], days: [], truncated: false },
    status: { hosts: [{ host: 'local', status: 'connected', message: '' }], monitoring: true, leaseHolder: null, version: 'test', shell: 'cli', ...status },
    closeCount: 0,
    emit: (ev) => listeners.forEach((l) => l(ev)),
    listenerCount: () => listeners.size,
    setState(id, state) {
      const a = { ...e.agents.get(id)!, state, since: Date.now() };
      e.agents.set(id, a);
      e.emit({ type: 'agentChanged', agent: a });
    },
    setAgent(id, patch) {
      const a = { ...e.agents.get(id)!, ...patch };
      e.agents.set(id, a);
      e.emit({ type: 'agentChanged', agent: a });
    },
    handlers: {} as ApiHandlers,
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async close() {
      e.closeCount++;
      listeners.clear();
    },
  };
  const find = (target: string): AgentInfo => {
    for (const a of e.agents.values()) if (a.id === target || a.name === target || a.target === target || a.paneId === target) return a;
    throw new ApiError('not_found', `no agent "${target}"`);
  };
  // A busy agent's message waits (queued) unless sent now, as the real engine does.
  const send = (target: string, text: string, now: boolean, replace = true): MessageResult => {
    const a = find(target);
    // As the engine does: nothing typed over text the person left unsent, unless told to replace it.
    if (a.state === 'unsubmitted' && !replace) throw new ApiError('conflict', `${a.name} has unsent text in its input box ("draft"): nothing typed; replace it (--replace) or submit it first`);
    const status = a.state === 'busy' && !now ? 'queued' : 'delivered';
    e.messages.push({ id: e.messages.length + 1, server: 'local:/tmp/tmux-1000/default', agent: a.name, target: a.target, text, status, reason: '', createdAt: Date.now() });
    return { status, reason: '', messageId: e.messages.length };
  };
  const spawn = (name: string, over: Partial<AgentInfo>): AgentInfo => {
    if ([...e.agents.values()].some((a) => a.name === name)) throw new ApiError('conflict', `an agent named "${name}" exists`);
    const a = agent(name, { state: 'starting', ...over });
    e.agents.set(a.id, a);
    e.emit({ type: 'agentChanged', agent: a });
    return a;
  };

  e.handlers = {
    getStatus: async () => e.status,
    listAgents: async (i) => [...e.agents.values()].filter((a) => (!i.state || a.state === i.state) && (!i.team || a.team === i.team)),
    getAgent: async (i) => find(i.target),
    capturePane: async (i) => ({ agentId: find(i.target).id, text: `screen of ${find(i.target).name}`, cols: 80, rows: 24, historySize: 0 }),
    getTimeline: async (i) => (find(i.target), []),
    sendMessage: async (i) => send(i.target, i.text, i.now, i.replace),
    sendKeys: async (i) => (find(i.target), { ok: true }),
    // As the engine does: nothing typed unless the prompt shown is still the one answered.
    answerPrompt: async (i) => {
      const a = find(i.target);
      const p = a.prompt;
      if (!p) throw new ApiError('conflict', `${a.name} shows no prompt to answer; nothing typed`);
      if (i.fingerprint && i.fingerprint !== p.fingerprint) throw new ApiError('conflict', `the prompt changed: ${a.name} now asks "${p.question}"; nothing typed`);
      const option = p.options.find((o) => String(o.number) === i.choice) ?? null;
      if (!option && i.choice !== 'esc') throw new ApiError('conflict', `${i.choice} is not an option of ${a.name}'s prompt; nothing typed`);
      return { agentId: a.id, keys: option?.keys ?? ['Escape'], option, prompt: p };
    },
    broadcast: async (i) =>
      [...e.agents.values()].filter((a) => i.all || a.team === i.team).map((a) => ({ target: a.name, result: send(a.id, i.text, i.now) })),
    listMessages: async (i) => e.messages.filter((m) => !i.target || m.agent === find(i.target).name).slice(-i.limit),
    listQueued: async (i) => e.messages.filter((m) => m.status === 'queued' && (!i.target || m.agent === find(i.target).name)).slice(-i.limit),
    cancelQueued: async ({ id }) => {
      const m = e.messages.find((x) => x.id === id);
      if (!m) throw new ApiError('not_found', `no message #${id}`);
      if (m.status !== 'queued') throw new ApiError('conflict', `message #${id} is not queued (it is ${m.status}): nothing to cancel`);
      Object.assign(m, { status: 'cancelled', reason: 'cancelled before delivery' });
      return { ...m };
    },
    spawnAgent: async (i) => ({ agent: spawn(i.name, { role: i.role, team: i.team ?? null }), briefing: null }),
    deployTeam: async (i) => {
      if (!e.templates.has(i.template)) throw new ApiError('not_found', `no team template "${i.template}"`);
      const team = i.team ?? i.template;
      return [{ agent: spawn(`${team}-pm`, { role: 'pm', team }), briefing: null }];
    },
    listTeamTemplates: async () => [...e.templates.values()],
    saveTeamTemplate: async (i) => (e.templates.set(i.name, i), i),
    killAgent: async (i) => {
      const a = find(i.target);
      // As the engine does: a worktree with unsaved work is not killed without being told what to do with it.
      const wt = e.changes.get(a.id)?.worktree;
      if (wt && (wt.dirtyFiles || wt.unmergedCommits) && !i.worktree) {
        throw new ApiError('conflict', `${a.name}'s worktree ${wt.path} has ${wt.dirtyFiles} uncommitted files: kill it with worktree "keep" or "discard"; nothing was done`);
      }
      e.agents.delete(a.id);
      e.emit({ type: 'agentRemoved', id: a.id });
      return { ok: true, savedScreen: false };
    },
    getChanges: async (i) => {
      const a = find(i.target);
      return e.changes.get(a.id) ?? { agentId: a.id, dir: a.cwd, repo: null, base: null, baseLabel: '', worktree: null, files: [], diff: '', truncated: false };
    },
    commitWorktree: async (i) => {
      find(i.target);
      return { commit: 'c0ffee', files: 1 };
    },
    mergeWorktree: async (i) => {
      find(i.target);
      return { commit: 'beef', baseBranch: 'main', commits: 1 };
    },
    restartAgent: async (i) => find(i.target),
    restoreFleet: async (i) => {
      const chosen = e.lost.filter((a) => !i.names || i.names.includes(a.name));
      const missing = (i.names ?? []).filter((n) => !e.lost.some((a) => a.name === n));
      if (missing.length) throw new ApiError('not_found', `not a lost agent: ${missing.join(', ')}; nothing was done`);
      return chosen.map((a): RestoreOutcome => {
        const status = i.dryRun ? 'planned' : i.forget ? 'forgotten' : 'restored';
        if (status !== 'planned') e.lost = e.lost.filter((l) => l !== a);
        const back = status === 'restored' ? spawn(a.name, { ...a, state: 'idle' }) : null;
        return {
          name: a.name, host: a.host, type: a.type === 'generic' ? 'custom' : a.type, team: a.team, cwd: a.cwd, command: a.command,
          resume: 'claude --continue', status, reason: '', agent: back, briefing: null,
        };
      });
    },
    listNotifications: async (i) => e.notifications.filter((n) => (!i.unread || n.readAt === null) && (!i.kind || n.kind === i.kind)).slice(-i.limit),
    markRead: async (i) => {
      let updated = 0;
      for (const n of e.notifications) {
        if (n.readAt !== null || !(i.all || i.ids?.includes(n.id))) continue;
        n.readAt = Date.now();
        updated++;
      }
      return { updated };
    },
    getMetrics: async (i) => ({ range: i.range, series: [], byState: [], shares: [] }),
    getReview: async (i) => ({ ...e.review, range: i.range }),
    listSchedules: async () => [...e.schedules.values()],
    schedule: async (i) => {
      const now = Date.now();
      const rec: ScheduleRecord = { id: ids++, server: 'local:/tmp/tmux-1000/default', target: i.target, text: i.text, nextAt: i.at ?? now + (i.inMs ?? i.everyMs ?? 0), everyMs: i.everyMs ?? null, createdAt: now, lastRunAt: null };
      e.schedules.set(rec.id, rec);
      return rec;
    },
    cancelSchedule: async (i) => {
      if (!e.schedules.delete(i.id)) throw new ApiError('not_found', `no schedule ${i.id}`);
      return { ok: true };
    },
    getSettings: async () => e.settings,
    updateSettings: async (patch) => (e.settings = applySettingsPatch(e.settings, patch)),
    setMonitoring: async (i) => {
      e.status = { ...e.status, monitoring: i.enabled };
      return { monitoring: i.enabled };
    },
    pickFolder: async () => ({ path: null }),
  };
  return e;
}

export interface RecordedCall {
  method: ApiMethodName;
  input: unknown;
}

/** The engine with every handler call recorded, in order, as the handler received it (validated, defaults filled). */
export function withCallLog<E extends MemoryEngine>(engine: E): E & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const inner = engine.handlers as Record<ApiMethodName, (i: unknown) => Promise<unknown>>;
  const handlers = {} as Record<ApiMethodName, (i: unknown) => Promise<unknown>>;
  for (const name of Object.keys(inner) as ApiMethodName[]) {
    handlers[name] = async (input) => {
      calls.push({ method: name, input });
      return inner[name](input);
    };
  }
  return Object.assign(engine, { handlers: handlers as ApiHandlers, calls });
}
