// A real, in-memory implementation of the contract for the UI's tests: plain data behind the
// same handler table and `dispatch` the shells use. Not a mock of any UI module.
import { dispatch, toApiError, type ApiEvent, type ApiHandlers } from '../../src/shared/api.js';
import type { AgentInfo, EngineStatus, MessageLogEntry, NotificationRecord } from '../../src/shared/domain.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.js';
import type { AgentState } from '../../src/shared/vocabulary.js';
import type { CallReply, ShellBridge } from '../../src/shared/wire.js';

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

export interface MemoryEngine {
  agents: Map<string, AgentInfo>;
  notifications: NotificationRecord[];
  messages: MessageLogEntry[];
  settings: Settings;
  status: EngineStatus;
  /** Every call, in order: [method, parsed input]. */
  calls: [string, unknown][];
  handlers: ApiHandlers;
  listeners: Set<(e: ApiEvent) => void>;
  emit(e: ApiEvent): void;
  setState(id: string, state: AgentState): void;
  /** A bridge over the handler table (what Electron's preload gives the renderer). */
  bridge: ShellBridge;
}

export function memoryEngine(initial: AgentInfo[] = [], hostStatus: EngineStatus['hosts'][number]['status'] = 'connected'): MemoryEngine {
  const e: MemoryEngine = {
    agents: new Map(initial.map((a) => [a.id, a])),
    notifications: [],
    messages: [],
    settings: structuredClone(DEFAULT_SETTINGS),
    status: { hosts: [{ host: 'local', status: hostStatus, message: '' }], monitoring: true, leaseHolder: null, version: 'test', shell: 'web' },
    calls: [],
    listeners: new Set(),
    emit(ev) {
      for (const l of e.listeners) l(ev);
    },
    setState(id, state) {
      const a = { ...e.agents.get(id)!, state, since: Date.now() };
      e.agents.set(id, a);
      e.emit({ type: 'agentChanged', agent: a });
    },
    handlers: undefined as unknown as ApiHandlers,
    bridge: undefined as unknown as ShellBridge,
  };
  const find = (target: string) => {
    for (const a of e.agents.values()) if (a.id === target || a.name === target) return a;
    throw Object.assign(new Error(`no agent "${target}"`), { code: 'not_found' });
  };
  e.handlers = {
    getStatus: async () => e.status,
    listAgents: async () => [...e.agents.values()],
    getAgent: async (i) => find(i.target),
    capturePane: async (i) => ({ agentId: find(i.target).id, text: `screen of ${find(i.target).name}`, cols: 80, rows: 24 }),
    getTimeline: async () => [],
    sendMessage: async (i) => {
      const a = find(i.target);
      const status = a.state === 'busy' && !i.now ? 'queued' : 'delivered';
      e.messages.push({ id: e.messages.length + 1, agent: a.name, target: a.target, text: i.text, status, reason: '', createdAt: Date.now() });
      return { status, reason: '', messageId: e.messages.length };
    },
    sendKeys: async () => ({ ok: true }),
    broadcast: async (i) => {
      const out = [];
      for (const a of e.agents.values()) {
        if (!i.all && a.team !== i.team) continue;
        out.push({ target: a.name, result: await e.handlers.sendMessage({ target: a.id, text: i.text, now: i.now }) });
      }
      return out;
    },
    listMessages: async () => e.messages,
    spawnAgent: async (i) => {
      const a = agent(i.name, { role: i.role, team: i.team ?? null, state: 'idle' });
      e.agents.set(a.id, a);
      e.emit({ type: 'agentChanged', agent: a });
      return { agent: a, briefing: null };
    },
    deployTeam: async () => [],
    listTeamTemplates: async () => [],
    saveTeamTemplate: async (t) => t,
    killAgent: async (i) => {
      const a = find(i.target);
      e.agents.delete(a.id);
      e.emit({ type: 'agentRemoved', id: a.id });
      return { ok: true, savedScreen: false };
    },
    restartAgent: async (i) => find(i.target),
    listNotifications: async () => e.notifications,
    markRead: async (i) => {
      let updated = 0;
      for (const n of e.notifications) {
        if (n.readAt === null && (i.all || i.ids?.includes(n.id))) {
          n.readAt = Date.now();
          updated++;
        }
      }
      return { updated };
    },
    getMetrics: async (i) => ({ range: i.range, series: [], byState: [], shares: [] }),
    listSchedules: async () => [],
    schedule: async (i) => ({ id: 1, target: i.target, text: i.text, nextAt: Date.now(), everyMs: i.everyMs ?? null, createdAt: Date.now(), lastRunAt: null }),
    cancelSchedule: async () => ({ ok: true }),
    getSettings: async () => e.settings,
    updateSettings: async (p) => (e.settings = { ...e.settings, ...(p as Partial<Settings>) }),
    setMonitoring: async (i) => ({ monitoring: i.enabled }),
    pickFolder: async () => ({ path: null }),
  };
  e.bridge = {
    kind: 'desktop',
    async call(method, input): Promise<CallReply> {
      e.calls.push([method, input]);
      try {
        return { ok: true, result: await dispatch(e.handlers, method, input) };
      } catch (err) {
        return { ok: false, error: toApiError(err) };
      }
    },
    onEvent(l) {
      e.listeners.add(l);
      return () => e.listeners.delete(l);
    },
  };
  return e;
}
