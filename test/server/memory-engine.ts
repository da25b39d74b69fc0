// A real EngineHost built from plain data: fixed agents, recorded calls, an event emitter the
// test drives. The web server is tested against it exactly as it will run against core's.
import { ApiError, type ApiEvent, type ApiHandlers, type EngineHost } from '../../src/shared/api.js';
import type { AgentInfo, EngineStatus, NotificationRecord, ScheduleRecord, TeamTemplate } from '../../src/shared/domain.js';
import { applySettingsPatch, DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.js';

export interface RecordedCall {
  method: keyof ApiHandlers;
  input: unknown;
}

export interface MemoryEngine {
  host: EngineHost;
  /** Every handler call, in order (inputs as the handler received them: validated, defaults filled). */
  calls: RecordedCall[];
  agents: AgentInfo[];
  emit(event: ApiEvent): void;
  listeners(): number;
  closed(): boolean;
}

export function agentFixture(name: string, n: number, overrides: Partial<AgentInfo> = {}): AgentInfo {
  return {
    id: `local/%${n}`,
    host: 'local',
    paneId: `%${n}`,
    target: `orc:${n}.0`,
    session: 'orc',
    windowName: name,
    name,
    type: 'claude',
    role: 'engineer',
    team: 'alpha',
    tagged: true,
    state: 'idle',
    reason: 'prompt box empty',
    since: 1_700_000_000_000,
    lastLine: '>',
    command: 'claude',
    cwd: '/tmp',
    resetAt: null,
    ...overrides,
  };
}

export function createMemoryEngine(agents: AgentInfo[] = [agentFixture('alice', 1), agentFixture('bob', 2)]): MemoryEngine {
  const calls: RecordedCall[] = [];
  const listeners = new Set<(e: ApiEvent) => void>();
  let settings: Settings = DEFAULT_SETTINGS;
  let monitoring = true;
  let closed = false;
  const schedules: ScheduleRecord[] = [];
  const templates: TeamTemplate[] = [];
  const notifications: NotificationRecord[] = [];

  const find = (target: string): AgentInfo => {
    const a = agents.find((x) => x.name === target || x.id === target || x.target === target || x.paneId === target);
    if (!a) throw new ApiError('not_found', `no agent "${target}"`);
    return a;
  };
  const record = <M extends keyof ApiHandlers>(method: M, input: unknown) => calls.push({ method, input });
  const status = (): EngineStatus => ({
    hosts: [{ host: 'local', status: 'connected', message: '' }],
    monitoring,
    leaseHolder: 'memory',
    version: '0.0.0-test',
    shell: 'cli',
  });

  const handlers: ApiHandlers = {
    getStatus: async (i) => (record('getStatus', i), status()),
    listAgents: async (i) => (
      record('listAgents', i),
      agents.filter((a) => (!i.state || a.state === i.state) && (!i.team || a.team === i.team))
    ),
    getAgent: async (i) => (record('getAgent', i), find(i.target)),
    capturePane: async (i) => (record('capturePane', i), { agentId: find(i.target).id, text: '> ', cols: 80, rows: 24 }),
    getTimeline: async (i) => (record('getTimeline', i), []),
    sendMessage: async (i) => (record('sendMessage', i), find(i.target), { status: 'delivered', reason: '', messageId: calls.length }),
    sendKeys: async (i) => (record('sendKeys', i), find(i.target), { ok: true }),
    broadcast: async (i) => (
      record('broadcast', i),
      agents
        .filter((a) => i.all || a.team === i.team)
        .map((a) => ({ target: a.name, result: { status: 'delivered' as const, reason: '', messageId: null } }))
    ),
    listMessages: async (i) => (record('listMessages', i), []),
    spawnAgent: async (i) => {
      record('spawnAgent', i);
      const agent = agentFixture(i.name, agents.length + 100, { state: 'starting' });
      agents.push(agent);
      return { agent, briefing: null };
    },
    deployTeam: async (i) => {
      record('deployTeam', i);
      throw new ApiError('not_found', `no team template "${i.template}"`);
    },
    listTeamTemplates: async (i) => (record('listTeamTemplates', i), templates),
    saveTeamTemplate: async (i) => (record('saveTeamTemplate', i), templates.push(i), i),
    killAgent: async (i) => (record('killAgent', i), find(i.target), { ok: true, savedScreen: false }),
    restartAgent: async (i) => (record('restartAgent', i), find(i.target)),
    listNotifications: async (i) => (record('listNotifications', i), notifications.slice(0, i.limit)),
    markRead: async (i) => (record('markRead', i), { updated: 0 }),
    getMetrics: async (i) => (record('getMetrics', i), { range: i.range, series: [], byState: [], shares: [] }),
    listSchedules: async (i) => (record('listSchedules', i), schedules),
    schedule: async (i) => {
      record('schedule', i);
      const s: ScheduleRecord = {
        id: schedules.length + 1,
        target: i.target,
        text: i.text,
        nextAt: i.at ?? Date.now() + (i.inMs ?? i.everyMs ?? 0),
        everyMs: i.everyMs ?? null,
        createdAt: Date.now(),
        lastRunAt: null,
      };
      schedules.push(s);
      return s;
    },
    cancelSchedule: async (i) => (record('cancelSchedule', i), { ok: true }),
    getSettings: async (i) => (record('getSettings', i), settings),
    updateSettings: async (i) => (record('updateSettings', i), (settings = applySettingsPatch(settings, i))),
    setMonitoring: async (i) => (record('setMonitoring', i), (monitoring = i.enabled), { monitoring }),
    pickFolder: async (i) => (record('pickFolder', i), { path: '/home/someone' }),
  };

  return {
    host: {
      handlers,
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      async close() {
        closed = true;
      },
    },
    calls,
    agents,
    emit: (e) => {
      for (const l of listeners) l(e);
    },
    listeners: () => listeners.size,
    closed: () => closed,
  };
}
