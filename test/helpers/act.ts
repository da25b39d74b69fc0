// Calls on actions the way the engine's dispatch makes them: the input parsed by the contract,
// the target resolved once, then the action with the parsed input and the agent. What the
// actions tests call instead of an orchestrator (they test one host's actions, or the fleet's).
import { AGENT_ACTION_METHODS, HOST_ACTION_METHODS, parseInput, type ApiInput, type ApiOutput } from '../../src/shared/api.js';
import type { AgentInfo } from '../../src/shared/domain.js';
import type { Actions, AgentActions, AgentMethod, HostActions, HostMethod, Look, PlainPanes } from '../../src/core/actions/index.js';
import { AgentLookup, targetRuleOf } from '../../src/core/orchestrator/agent-lookup.js';
import type { Server } from '../../src/core/orchestrator/options.js';
import type { Fleet, FleetActions } from '../../src/core/hosts/index.js';
import type { Monitor } from '../../src/core/monitor/index.js';

export type ActCalls = { [M in AgentMethod | HostMethod]: (input: ApiInput<M>) => Promise<ApiOutput<M>> } & {
  /** One look at the agent a target names (plain panes too). */
  look(target: string): Promise<Look | null>;
  startQueue: Actions['startQueue'];
  deliverQueued: Actions['deliverQueued'];
  close(): void;
};

type Targets = (target: string, rule: PlainPanes) => Promise<AgentInfo>;
type AnyCall = (input: unknown, agent?: AgentInfo) => Promise<unknown>;

/** `actions` answering contract inputs; `resolve` finds a target's agent (the engine's AgentLookup, or one host's). */
export function actOn(
  actions: AgentActions & HostActions & Pick<Actions, 'startQueue' | 'deliverQueued' | 'close'>,
  resolve: Targets,
  look: (agent: AgentInfo) => Promise<Look | null>,
): ActCalls {
  const calls: Record<string, unknown> = {
    look: async (target: string) => look(await resolve(target, 'generic')),
    startQueue: actions.startQueue.bind(actions),
    deliverQueued: actions.deliverQueued.bind(actions),
    close: actions.close.bind(actions),
  };
  for (const m of AGENT_ACTION_METHODS) {
    calls[m] = async (raw: unknown) => {
      const input = parseInput(m, raw);
      return (actions[m] as AnyCall)(input, await resolve(input.target, targetRuleOf(input)));
    };
  }
  for (const m of HOST_ACTION_METHODS) calls[m] = async (raw: unknown) => (actions[m] as AnyCall)(parseInput(m, raw));
  return calls as ActCalls;
}

/** One host's actions (no fleet): targets resolve on its own directory. */
export function onOneHost(actions: Actions): ActCalls {
  return actOn(actions, (target, rule) => actions.resolve(target, rule), (agent) => actions.look(agent));
}

/** The fleet's actions (one per host), targets resolved through the engine's own AgentLookup (routing across hosts). */
export function onFleet(fleet: Fleet, perHost: FleetActions, o: { quietMs: number; server: Server; warn?: (m: string) => void }): ActCalls {
  // Built per call: the fleet's monitors as they are now (made when the fleet starts).
  const lookup = () =>
    new AgentLookup({
      fleet: () => fleet,
      monitors: new Map(fleet.hosts().flatMap((h): [string, Monitor][] => (fleet.monitor(h) ? [[h, fleet.monitor(h) as Monitor]] : []))),
      quietMs: () => o.quietMs,
      now: Date.now,
      warn: o.warn ?? (() => undefined),
      server: () => o.server,
    });
  return actOn(perHost, (target, rule) => lookup().resolve(target, rule), (agent) => perHost.actionsFor(agent.host).look(agent));
}
