// The contract methods that only read or write the history store. Glue: the store validates
// and bounds everything itself.
import type { ApiHandlers } from '../../shared/api.js';
import type { AgentInfo } from '../../shared/domain.js';
import type { Settings } from '../../shared/settings.js';
import type { Store } from '../store/index.js';
import { LOCAL_HOST } from '../../shared/hosts.js';

const PANE_ID = /^%\d+$/;

export type StoreHandlerNames =
  | 'listNotifications'
  | 'markRead'
  | 'getMetrics'
  | 'getReview'
  | 'getSettings'
  | 'updateSettings'
  | 'listTeamTemplates'
  | 'saveTeamTemplate'
  | 'listMessages'
  | 'listQueued'
  | 'cancelQueued'
  | 'getTimeline';

export interface StoreHandlerDeps {
  store: () => Store;
  now: () => number;
  /** A live agent for a target, or null when it names none (gone agents keep their history). */
  findAgent: (target: string) => Promise<AgentInfo | null>;
  /** The key (ServerIdentity) of a host's tmux server, as its actions write it on rows. */
  serverOf: (host: string) => string;
  /** The keys of every tmux server this engine acts on: rows of others are not listed or cancelled. */
  servers: () => string[];
  /** Called after settings changed, to apply them live. */
  onSettings: (settings: Settings) => void;
}

export function storeHandlers(d: StoreHandlerDeps): Pick<ApiHandlers, StoreHandlerNames> {
  /**
   * Which message rows a query means: a live agent's on its own server (another server's pane
   * may have the same id and name), else the target's rows on any server this engine acts on.
   */
  const ours = async (target: string | undefined): Promise<{ server: string | string[]; target?: string }> => {
    const agent = target === undefined ? null : await d.findAgent(target);
    if (agent) return { server: d.serverOf(agent.host), target: agent.id };
    return { server: d.servers(), ...(target === undefined ? {} : { target }) };
  };
  return {
    listNotifications: async (q) =>
      d.store().notifications.list({ unread: q.unread, open: q.open, kind: q.kind, agent: q.agent, since: q.since, limit: q.limit }),
    markRead: async (q) => ({ updated: d.store().notifications.markRead(q.all ? 'all' : (q.ids ?? []), d.now()) }),
    getMetrics: async (q) => d.store().metrics.report(q.range, d.now()),
    getReview: async (q) => d.store().review.get(q.range, d.now()),
    getSettings: async () => d.store().settings.get(),
    updateSettings: async (patch) => {
      const next = d.store().settings.update(patch);
      d.onSettings(next);
      return next;
    },
    listTeamTemplates: async () => d.store().templates.list(),
    saveTeamTemplate: async (t) => d.store().templates.save(t),
    listMessages: async (q) => d.store().messages.list({ ...(await ours(q.target)), limit: q.limit }),
    listQueued: async (q) => d.store().messages.list({ ...(await ours(q.target)), status: 'queued', limit: q.limit }),
    cancelQueued: async ({ id }) => d.store().messages.cancel(id, d.now(), { servers: d.servers() }),
    getTimeline: async (q) => {
      const agent = await d.findAgent(q.target);
      const query = { since: q.since, limit: q.limit };
      const rows = d.store().transitions.timeline(agent?.id ?? q.target, query);
      if (rows.length) return rows;
      if (agent) return d.store().transitions.timeline(agent.name, query);
      // A pane id (%12) of a gone agent is stored inside its agent id (`local/%12`).
      return PANE_ID.test(q.target) ? d.store().transitions.timeline(`${LOCAL_HOST}/${q.target}`, query) : rows;
    },
  };
}
