// A small, real, in-memory engine for the shell's tests: it implements every method of the
// contract over plain maps (no tmux, no database) and records each call it receives. The
// shell is tested against it because core's orchestrator is a separate piece of work.
import { ApiError, type ApiEvent, type ApiHandlers, type ApiMethodName, type EngineHost } from '../../src/shared/api.js';
import type { AgentInfo, NotificationRecord, ScheduleRecord, TeamTemplate, MessageLogEntry } from '../../src/shared/domain.js';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../../src/shared/settings.js';
import type { AgentState, NotificationKind } from '../../src/shared/vocabulary.js';

export function agent(name: string, state: AgentState, extra: Partial<AgentInfo> = {}): AgentInfo {
  const paneId = `%${name.length}${name.charCodeAt(0)}`;
  return {
    id: `local/${name}`,
    host: 'local',
    paneId,
    target: `orc:${name}.0`,
    session: 'orc',
    windowName: name,
    name,
    type: 'claude',
    role: 'engineer',
    team: null,
    tagged: true,
    state,
    reason: '',
    since: 1_000,
    lastLine: '',
    command: 'claude',
    cwd: '/tmp',
    resetAt: null,
    ...extra,
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
    ...extra,
  };
}

export interface MemoryEngine extends EngineHost {
  calls: { method: ApiMethodName; input: unknown }[];
  closeCount: number;
  emit(event: ApiEvent): void;
  agents: Map<string, AgentInfo>;
  listenerCount(): number;
}

function find(agents: Map<string, AgentInfo>, target: string): AgentInfo {
  const a = [...agents.values()].find((x) => x.id === target || x.name === target || x.target === target);
  if (!a) throw new ApiError('not_found', `no agent "${target}"`);
  return a;
}

export function memoryEngine(initial: AgentInfo[] = []): MemoryEngine {
  const agents = new Map(initial.map((a) => [a.id, a]));
  const listeners = new Set<(e: ApiEvent) => void>();
  const notifications: NotificationRecord[] = [];
  const messages: MessageLogEntry[] = [];
  const schedules = new Map<number, ScheduleRecord>();
  const templates = new Map<string, TeamTemplate>();
  let settings: Settings = DEFAULT_SETTINGS;
  let monitoring = true;
  let ids = 1;
  const emit = (e: ApiEvent): void => listeners.forEach((l) => l(e));
  const spawn = (name: string, team: string | null): AgentInfo => {
    if ([...agents.values()].some((a) => a.name === name)) throw new ApiError('conflict', `an agent named "${name}" exists`);
    const a = agent(name, 'starting', { team });
    agents.set(a.id, a);
    emit({ type: 'agentChanged', agent: a });
    return a;
  };

  const handlers: ApiHandlers = {
    getStatus: async () => ({ hosts: [{ host: 'local', status: 'connected', message: '' }], monitoring, leaseHolder: 'test', version: '0.0.0', shell: 'cli' }),
    listAgents: async (i) => [...agents.values()].filter((a) => (!i.state || a.state === i.state) && (!i.team || a.team === i.team)),
    getAgent: async (i) => find(agents, i.target),
    capturePane: async (i) => ({ agentId: find(agents, i.target).id, text: '$ ', cols: 80, rows: 24 }),
    getTimeline: async (i) => (find(agents, i.target), []),
    sendMessage: async (i) => {
      const a = find(agents, i.target);
      messages.push({ id: messages.length + 1, agent: a.name, target: a.target, text: i.text, status: 'delivered', reason: '', createdAt: Date.now() });
      return { status: 'delivered', reason: '', messageId: messages.length };
    },
    sendKeys: async (i) => (find(agents, i.target), { ok: true }),
    broadcast: async (i) =>
      [...agents.values()]
        .filter((a) => i.all || a.team === i.team)
        .map((a) => ({ target: a.target, result: { status: 'delivered' as const, reason: '', messageId: null } })),
    listMessages: async (i) => messages.slice(-i.limit),
    spawnAgent: async (i) => ({ agent: spawn(i.name, i.team ?? null), briefing: null }),
    deployTeam: async (i) => {
      if (!templates.has(i.template)) throw new ApiError('not_found', `no template "${i.template}"`);
      return [{ agent: spawn(`${i.team ?? i.template}-pm`, i.team ?? i.template), briefing: null }];
    },
    listTeamTemplates: async () => [...templates.values()],
    saveTeamTemplate: async (i) => (templates.set(i.name, i), i),
    killAgent: async (i) => {
      const a = find(agents, i.target);
      agents.delete(a.id);
      emit({ type: 'agentRemoved', id: a.id });
      return { ok: true, savedScreen: false };
    },
    restartAgent: async (i) => find(agents, i.target),
    listNotifications: async (i) => notifications.filter((n) => (!i.unread || n.readAt === null) && (!i.kind || n.kind === i.kind)).slice(-i.limit),
    markRead: async (i) => {
      let updated = 0;
      for (const n of notifications) {
        if (n.readAt !== null || !(i.all || i.ids?.includes(n.id))) continue;
        n.readAt = Date.now();
        updated++;
      }
      return { updated };
    },
    getMetrics: async (i) => ({ range: i.range, series: [], byState: [], shares: [] }),
    listSchedules: async () => [...schedules.values()],
    schedule: async (i) => {
      const now = Date.now();
      const rec: ScheduleRecord = { id: ids++, target: i.target, text: i.text, nextAt: i.at ?? now + (i.inMs ?? i.everyMs ?? 0), everyMs: i.everyMs ?? null, createdAt: now, lastRunAt: null };
      schedules.set(rec.id, rec);
      return rec;
    },
    cancelSchedule: async (i) => {
      if (!schedules.delete(i.id)) throw new ApiError('not_found', `no schedule ${i.id}`);
      return { ok: true };
    },
    getSettings: async () => settings,
    updateSettings: async (patch) => {
      const merged: Record<string, unknown> = { ...settings };
      for (const [k, v] of Object.entries(patch)) {
        const cur = merged[k];
        merged[k] = v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' ? { ...cur, ...v } : v;
      }
      settings = SettingsSchema.parse(merged);
      return settings;
    },
    setMonitoring: async (i) => {
      monitoring = i.enabled;
      return { monitoring };
    },
    pickFolder: async () => ({ path: null }),
  };

  const engine: MemoryEngine = {
    calls: [],
    closeCount: 0,
    agents,
    emit,
    listenerCount: () => listeners.size,
    handlers: {} as ApiHandlers,
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async close() {
      engine.closeCount++;
      listeners.clear();
    },
  };
  // Record every call (after validation: what the engine receives).
  for (const [name, fn] of Object.entries(handlers) as [ApiMethodName, (i: unknown) => Promise<unknown>][]) {
    (engine.handlers as Record<ApiMethodName, (i: unknown) => Promise<unknown>>)[name] = async (input: unknown) => {
      engine.calls.push({ method: name, input });
      return fn(input);
    };
  }
  return engine;
}
