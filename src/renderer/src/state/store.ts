// The UI's one store: a pure reducer over what the engine tells us (a list once, then events),
// and a tiny subscribable container for useSyncExternalStore. No polling anywhere.
import type { AgentInfo, EngineStatus, NotificationRecord } from '../../../shared/domain.js';
import type { Settings } from '../../../shared/settings.js';
import { ATTENTION_STATES, isOpenKind } from '../../../shared/vocabulary.js';
import type { ConnectionState } from '../api/wsTransport.js';

/** The notification history kept in memory (the store on disk holds the rest). */
export const MAX_NOTIFICATIONS = 1_000;

export interface AppState {
  agents: ReadonlyMap<string, AgentInfo>;
  agentsLoaded: boolean;
  /** Newest first, at most MAX_NOTIFICATIONS. */
  notifications: readonly NotificationRecord[];
  status: EngineStatus | null;
  settings: Settings | null;
  connection: ConnectionState;
  /** Whether the link to the engine ever opened (a never-opened link is likely a stale URL). */
  everConnected: boolean;
  /** The last error from loading state, shown where the data would be. */
  loadError: string | null;
}

export type Action =
  | { type: 'agentsLoaded'; agents: AgentInfo[] }
  | { type: 'agentChanged'; agent: AgentInfo }
  | { type: 'agentRemoved'; id: string }
  /** Many agent events at once (a burst coalesced into one render). */
  | { type: 'agentBatch'; ops: AgentOp[] }
  | { type: 'notificationsLoaded'; notifications: NotificationRecord[] }
  | { type: 'notification'; notification: NotificationRecord }
  /** A known notification changed (its problem resolved): replaced in place, never news. */
  | { type: 'notificationChanged'; notification: NotificationRecord }
  | { type: 'markedRead'; ids: number[] | 'all'; at: number }
  | { type: 'status'; status: EngineStatus }
  | { type: 'settings'; settings: Settings }
  | { type: 'connection'; connection: ConnectionState }
  | { type: 'loadError'; message: string | null };

export type AgentOp = { agent: AgentInfo } | { removed: string };

export const initialState: AppState = {
  agents: new Map(),
  agentsLoaded: false,
  notifications: [],
  status: null,
  settings: null,
  connection: 'connecting',
  everConnected: false,
  loadError: null,
};

const newestFirst = (a: NotificationRecord, b: NotificationRecord) =>
  b.createdAt - a.createdAt || b.id - a.id;

export function reducer(state: AppState, action: Action): AppState {
  switch (action.type) {
    case 'agentsLoaded':
      return { ...state, agents: new Map(action.agents.map((a) => [a.id, a])), agentsLoaded: true };
    case 'agentChanged': {
      const agents = new Map(state.agents);
      agents.set(action.agent.id, action.agent);
      return { ...state, agents };
    }
    case 'agentRemoved': {
      if (!state.agents.has(action.id)) return state;
      const agents = new Map(state.agents);
      agents.delete(action.id);
      return { ...state, agents };
    }
    case 'agentBatch': {
      if (!action.ops.length) return state;
      const agents = new Map(state.agents);
      for (const op of action.ops) {
        if ('agent' in op) agents.set(op.agent.id, op.agent);
        else agents.delete(op.removed);
      }
      return { ...state, agents };
    }
    case 'notificationsLoaded':
      return {
        ...state,
        notifications: [...action.notifications].sort(newestFirst).slice(0, MAX_NOTIFICATIONS),
      };
    case 'notification': {
      const rest = state.notifications.filter((n) => n.id !== action.notification.id);
      const notifications = [action.notification, ...rest].sort(newestFirst).slice(0, MAX_NOTIFICATIONS);
      return { ...state, notifications };
    }
    case 'notificationChanged': {
      const i = state.notifications.findIndex((n) => n.id === action.notification.id);
      if (i < 0) return state; // older than what is kept: nothing to update
      const notifications = [...state.notifications];
      notifications[i] = action.notification;
      return { ...state, notifications };
    }
    case 'markedRead': {
      const ids = action.ids === 'all' ? null : new Set(action.ids);
      const notifications = state.notifications.map((n) =>
        n.readAt === null && (!ids || ids.has(n.id)) ? { ...n, readAt: action.at } : n,
      );
      return { ...state, notifications };
    }
    case 'status':
      return { ...state, status: action.status };
    case 'settings':
      return { ...state, settings: action.settings };
    case 'connection':
      if (state.connection === action.connection) return state;
      return { ...state, connection: action.connection, everConnected: state.everConnected || action.connection === 'open' };
    case 'loadError':
      return { ...state, loadError: action.message };
  }
}

export function unreadCount(state: AppState): number {
  let n = 0;
  for (const x of state.notifications) if (x.readAt === null) n++;
  return n;
}

/** Notifications whose problem still lasts (the inbox's open ones). */
export function openNotificationCount(state: AppState): number {
  let n = 0;
  for (const x of state.notifications) if (isOpenProblem(x)) n++;
  return n;
}

export function isOpenProblem(n: NotificationRecord): boolean {
  return n.resolvedAt === null && isOpenKind(n.kind);
}

/** Agents in a state that needs the person: the count the title, favicon, tray and badges show. */
export function attentionCount(state: AppState): number {
  let n = 0;
  for (const a of state.agents.values()) if (ATTENTION_STATES.includes(a.state)) n++;
  return n;
}

/** True when every watched tmux server is missing (the "start tmux" empty state). */
export function noTmuxServer(state: AppState): boolean {
  const hosts = state.status?.hosts ?? [];
  return hosts.length > 0 && hosts.every((h) => h.status === 'no_server');
}

export class Store {
  private state: AppState;
  private readonly listeners = new Set<() => void>();

  constructor(initial: AppState = initialState) {
    this.state = initial;
  }

  getState = (): AppState => this.state;

  dispatch = (action: Action): void => {
    const next = reducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const l of this.listeners) l();
  };

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
