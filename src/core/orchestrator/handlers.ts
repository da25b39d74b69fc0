// The handler table: which part of the engine answers each contract method. The orchestrator
// owns the parts and their life cycle; this file only routes.
import { resolve } from 'node:path';
import { AGENT_ACTION_METHODS, type ApiHandlers, type ApiOutput, type ApiParsedInput } from '../../shared/api.js';
import type { AgentInfo, EngineStatus } from '../../shared/domain.js';
import type { Settings } from '../../shared/settings.js';
import type { AgentMethod, Scheduler } from '../actions/index.js';
import { type Fleet, type FleetActions, LOCAL_HOST } from '../hosts/index.js';
import type { Store } from '../store/index.js';
import { ServerIdentity } from '../tmux/index.js';
import { targetRuleOf, type AgentLookup } from './agent-lookup.js';
import { storeHandlers } from './store-handlers.js';

export interface EngineParts {
  lookup: AgentLookup;
  fleet(): Fleet;
  actions(): Promise<FleetActions>;
  scheduler(): Promise<Scheduler>;
  store(): Store;
  now(): number;
  /** The status once the local connection has a first verdict (not just "connecting"). */
  status(): Promise<EngineStatus>;
  applySettings(next: Settings): void;
  /** Start or stop monitoring; resolves whether this process monitors now. */
  setMonitoring(enabled: boolean): Promise<boolean>;
  /** The engine's database, handed to local agents (absent: the default one). */
  dbPath: string | undefined;
  /** After a spawn: let the monitor see the new agents before the call returns. */
  seeNewAgents(): Promise<void>;
  warn(message: string): void;
}

export function engineHandlers(p: EngineParts): ApiHandlers {
    const filterAgents = (list: AgentInfo[], q: { state?: string; team?: string; host?: string }) =>
      list.filter((a) => (!q.state || a.state === q.state) && (!q.team || a.team === q.team) && (!q.host || a.host === q.host));
    // The key actions write on a host's rows (actions.ts: the identity of its connection's target).
    const serverOf = (host: string) => ServerIdentity.of(p.fleet().connection(host).target).key();
    /** An agent method: its target resolved once, here, then the agent's host acts. */
    const onAgent = <M extends AgentMethod>(m: M) => async (input: ApiParsedInput<M>): Promise<ApiOutput<M>> => {
      await p.lookup.requireServer();
      const agent = await p.lookup.resolve(input.target, targetRuleOf(input));
      const act = (await p.actions())[m] as (i: ApiParsedInput<M>, a: AgentInfo) => Promise<ApiOutput<M>>;
      return act(input, agent);
    };
    const agentHandlers = Object.fromEntries(AGENT_ACTION_METHODS.map((m) => [m, onAgent(m)])) as unknown as Pick<ApiHandlers, AgentMethod>;
    return {
      ...agentHandlers,
      ...storeHandlers({
        store: () => p.store(),
        now: p.now,
        findAgent: (t) => p.lookup.find(t),
        serverOf,
        servers: () => p.fleet().hosts().map(serverOf),
        onSettings: (s) => p.applySettings(s),
      }),
      getStatus: async () => p.status(),
      listAgents: async (q) => filterAgents(await p.lookup.list(), q),
      getAgent: async ({ target }) => {
        await p.lookup.requireServer();
        return p.lookup.resolve(target, 'agents-only');
      },
      capturePane: async ({ target, ansi, scrollback }) => {
        await p.lookup.requireServer();
        const agent = await p.lookup.resolve(target, 'generic');
        return p.fleet().onHost(agent.host, async (conn) => {
          const [text, size] = await Promise.all([
            conn.capture(agent.paneId, { ansi, scrollback }),
            conn.run(['display-message', '-p', '-t', agent.paneId, '#{pane_width} #{pane_height} #{history_size}']),
          ]);
          const [cols = 0, rows = 0, historySize = 0] = (size[0] ?? '').split(' ').map(Number);
          return { agentId: agent.id, text, cols, rows, historySize };
        });
      },
      broadcast: async (input) => {
        await p.lookup.requireServer();
        return (await p.actions()).broadcast(input);
      },
      spawnAgent: async (input) => {
        // A local agent that runs `tmux-orc send …` must log to (and queue in) this engine's database.
        const db = p.dbPath;
        const local = !input.host || input.host === LOCAL_HOST;
        const env = local && db && db !== ':memory:' ? { ORC_DB: resolve(db), ...input.env } : input.env;
        const spawned = await (await p.actions()).spawnAgent({ ...input, env });
        await p.seeNewAgents();
        return spawned;
      },
      deployTeam: async (input) => {
        const members = await (await p.actions()).deployTeam(input);
        turnOnPmReports(p, members[0]?.agent.team ?? null);
        await p.seeNewAgents();
        return members;
      },
      restoreFleet: async (input) => {
        const outcomes = await (await p.actions()).restoreFleet(input);
        if (outcomes.some((o) => o.status === 'restored')) await p.seeNewAgents();
        return outcomes;
      },
      listSchedules: async () => (await p.scheduler()).list(),
      schedule: async (input) => (await p.scheduler()).schedule(input),
      cancelSchedule: async ({ id }) => (await p.scheduler()).cancel(id),
      setMonitoring: async ({ enabled }) => ({ monitoring: await p.setMonitoring(enabled) }),
      // The desktop shell overrides it with the native picker; elsewhere the UI shows a text field.
      pickFolder: async () => ({ path: null }),
    };
}

/** A team deployed with a PM gets PM reports (ad-hoc agents' teams only when the person says so). */
function turnOnPmReports(p: EngineParts, team: string | null): void {
  if (team === null) return;
  try {
    const teams = p.store().settings.get().pmReportTeams;
    if (teams.includes(team)) return;
    p.applySettings(p.store().settings.update({ pmReportTeams: [...teams, team].slice(-1_000) }));
  } catch (err) {
    p.warn(`PM reports not turned on for team ${team}: ${(err as Error).message}`);
  }
}
