// Actions across the fleet: one actions object per host (each on that host's connection and
// monitor), and every call routed to the host its target lives on. What the orchestrator calls
// instead of a single Actions once there is more than one host.
import { ApiError } from '../../shared/api.js';
import type { SpawnResult } from '../../shared/domain.js';
import { checkNamesLost, type Actions } from '../actions/index.js';
import type { TmuxConnection } from '../tmux/index.js';
import type { Fleet } from './fleet.js';
import { LOCAL_HOST } from './names.js';

/**
 * The Actions interface across hosts: calls on a target go to its host; spawnAgent and
 * deployTeam to `input.host` (default local); broadcast reaches every host's members (remote
 * targets read `host/name`); startQueue starts every host's queue, each hearing only its own
 * agents' changes.
 */
export interface FleetActions extends Omit<Actions, 'deployTeam' | 'restoreFleet'> {
  deployTeam(input: Parameters<Actions['deployTeam']>[0] & { host?: string }): Promise<SpawnResult[]>;
  /** Every host's lost agents (or one host's): names that are no lost agent anywhere refuse the whole call. */
  restoreFleet(input: Parameters<Actions['restoreFleet']>[0] & { host?: string }): ReturnType<Actions['restoreFleet']>;
  /** The actions of one host (built on first use, rebuilt when the host's connection changed). */
  actionsFor(host: string): Actions;
}

export function createFleetActions(
  fleet: Pick<Fleet, 'connection' | 'route' | 'hosts' | 'has' | 'onHost'>,
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
  /** Route, fail fast when the host is unreachable, then call that host's actions. */
  const routed = async <T>(target: string, fn: (a: Actions, t: string) => Promise<T>): Promise<T> => {
    const r = fleet.route(target);
    return fleet.onHost(r.host, () => fn(actionsFor(r.host), r.target));
  };
  const onHostOf = async <T>(host: string | undefined, fn: (a: Actions) => Promise<T>): Promise<T> => {
    const h = host?.trim() || LOCAL_HOST;
    if (!fleet.has(h)) throw new ApiError('not_found', `no host "${h}": add it to the hosts in Settings (or --host)`);
    return fleet.onHost(h, () => fn(actionsFor(h)));
  };
  const withoutHost = <T extends { host?: string }>(input: T): Omit<T, 'host'> => {
    const { host: _host, ...rest } = input;
    return rest;
  };

  return {
    sendMessage: (target, text, opts) => routed(target, (a, t) => a.sendMessage(t, text, opts)),
    sendKeys: (target, keys, opts) => routed(target, (a, t) => a.sendKeys(t, keys, opts)),
    answerPrompt: (target, input) => routed(target, (a, t) => a.answerPrompt(t, input)),
    killAgent: (target, opts) => routed(target, (a, t) => a.killAgent(t, opts)),
    changes: (target, stat) => routed(target, (a, t) => a.changes(t, stat)),
    commitWorktree: (target, message) => routed(target, (a, t) => a.commitWorktree(t, message)),
    mergeWorktree: (target) => routed(target, (a, t) => a.mergeWorktree(t)),
    restartAgent: (target, opts) => routed(target, (a, t) => a.restartAgent(t, opts)),
    look: (target) => routed(target, (a, t) => a.look(t)),
    spawnAgent: (input) => onHostOf(input.host, (a) => a.spawnAgent(withoutHost(input))),
    deployTeam: (input) => onHostOf(input.host, (a) => a.deployTeam(withoutHost(input))),
    async restoreFleet(input) {
      const hosts = input.host ? [input.host.trim()] : fleet.hosts();
      for (const h of hosts) if (!fleet.has(h)) throw new ApiError('not_found', `no host "${h}": add it to the hosts in Settings (or --host)`);
      // The plan first, across hosts (an unreachable host has none to offer): a name that is no
      // lost agent anywhere refuses the call before anything is started.
      const plan = (
        await Promise.all(hosts.map((h) => fleet.onHost(h, () => actionsFor(h).restoreFleet({ names: input.names, dryRun: true })).catch(() => [])))
      ).flat();
      checkNamesLost(input.names, plan);
      if (input.dryRun) return plan;
      const per = await Promise.all(
        hosts.map((h) => {
          const names = plan.filter((p) => p.host === h).map((p) => p.name);
          return names.length ? fleet.onHost(h, () => actionsFor(h).restoreFleet({ ...withoutHost(input), names })) : [];
        }),
      );
      return per.flat();
    },
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
}
