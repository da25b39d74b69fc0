// Actions across the fleet: one actions object per host (each on that host's connection and
// monitor), and every call sent to the host it concerns. Agent methods are wrapped generically
// (the agent, resolved once by the caller, names its host); spawn and team deploy go to
// `input.host`; restore and broadcast reach every host.
import { AGENT_ACTION_METHODS, ApiError, type ApiParsedInput } from '../../shared/api.js';
import type { AgentInfo } from '../../shared/domain.js';
import { checkNamesLost, type Actions, type AgentActions, type AgentMethod, type HostActions } from '../actions/index.js';
import type { TmuxConnection } from '../tmux/index.js';
import type { Fleet } from './fleet.js';
import { LOCAL_HOST } from './names.js';

/**
 * The Actions interface across hosts: agent methods run on the agent's host; spawnAgent and
 * deployTeam on `input.host` (default local); broadcast reaches every host's members (remote
 * targets read `host/name`); restoreFleet every host's lost agents (or one host's: names that
 * are no lost agent anywhere refuse the whole call); startQueue starts every host's queue, each
 * hearing only its own agents' changes.
 */
export interface FleetActions extends AgentActions, HostActions, Pick<Actions, 'startQueue' | 'deliverQueued' | 'close'> {
  /** The actions of one host (built on first use, rebuilt when the host's connection changed). */
  actionsFor(host: string): Actions;
}

type AgentCall = (input: unknown, agent: AgentInfo) => Promise<unknown>;

export function createFleetActions(
  fleet: Pick<Fleet, 'connection' | 'hosts' | 'has' | 'onHost'>,
  make: (conn: TmuxConnection, host: string) => Actions,
): FleetActions {
  const built = new Map<string, { conn: TmuxConnection; actions: Actions }>();

  const actionsFor = (host: string): Actions => {
    const conn = fleet.connection(host);
    const have = built.get(host);
    if (have && have.conn === conn) return have.actions;
    have?.actions.close();
    const actions = make(conn, host);
    built.set(host, { conn, actions });
    return actions;
  };
  const knownHost = (host: string | undefined): string => {
    const h = host?.trim() || LOCAL_HOST;
    if (!fleet.has(h)) throw new ApiError('not_found', `no host "${h}": add it to the hosts in Settings (or --host)`);
    return h;
  };
  /** Every agent method: fail fast when the agent's host is unreachable, else that host's actions. */
  const onAgentsHost = (m: AgentMethod): AgentCall => (input, agent) =>
    fleet.onHost(agent.host, () => (actionsFor(agent.host)[m] as AgentCall)(input, agent));
  const agentActions = Object.fromEntries(AGENT_ACTION_METHODS.map((m) => [m, onAgentsHost(m)])) as unknown as AgentActions;

  return {
    ...agentActions,
    spawnAgent: (input) => {
      const h = knownHost(input.host);
      return fleet.onHost(h, () => actionsFor(h).spawnAgent(input));
    },
    deployTeam: (input) => {
      const h = knownHost(input.host);
      return fleet.onHost(h, () => actionsFor(h).deployTeam(input));
    },
    restoreFleet: (input) => restoreAcross(input),
    async broadcast(input) {
      const per = await Promise.all(
        fleet.hosts().map(async (host) => {
          try {
            const out = await fleet.onHost(host, () => actionsFor(host).broadcast(input));
            return host === LOCAL_HOST ? out : out.map((r) => ({ ...r, target: `${host}/${r.target}` }));
          } catch (err) {
            // A host without members is not an error; an unreachable host is one failed entry.
            if ((err as { code?: unknown }).code === 'not_found') return [];
            return [{ target: `${host}/*`, result: { status: 'failed' as const, reason: (err as Error).message, messageId: null } }];
          }
        }),
      );
      const all = per.flat();
      if (all.length === 0) throw new ApiError('not_found', input.all ? 'no agents to broadcast to' : `no agents in team "${input.team}"`);
      return all;
    },
    startQueue(changes) {
      const stops = fleet.hosts().map((host) =>
        actionsFor(host).startQueue((listener) => changes((agent) => agent.host === host && listener(agent))),
      );
      return () => stops.forEach((s) => s());
    },
    async deliverQueued() {
      const counts = await Promise.all(fleet.hosts().map((h) => fleet.onHost(h, () => actionsFor(h).deliverQueued()).catch(() => 0)));
      return counts.reduce((a, b) => a + b, 0);
    },
    actionsFor,
    close() {
      for (const { actions } of built.values()) actions.close();
      built.clear();
    },
  };

  async function restoreAcross(input: ApiParsedInput<'restoreFleet'>) {
    const hosts = input.host ? [knownHost(input.host)] : fleet.hosts();
    // The plan first, across hosts (an unreachable host has none to offer): a name that is no
    // lost agent anywhere refuses the call before anything is started.
    const dryRun = { ...input, dryRun: true, forget: false, rebrief: false };
    const plan = (await Promise.all(hosts.map((h) => fleet.onHost(h, () => actionsFor(h).restoreFleet(dryRun)).catch(() => [])))).flat();
    checkNamesLost(input.names, plan);
    if (input.dryRun) return plan;
    const per = await Promise.all(
      hosts.map((h) => {
        const names = plan.filter((p) => p.host === h).map((p) => p.name);
        return names.length ? fleet.onHost(h, () => actionsFor(h).restoreFleet({ ...input, names })) : [];
      }),
    );
    return per.flat();
  }
}
