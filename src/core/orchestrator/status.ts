// The engine's status as shells show it: hosts, who monitors the local server, the version, and
// the agent-command overrides in the environment.
import type { EngineStatus } from '../../shared/domain.js';
import { agentCommandVar, PROGRAM_TYPES } from '../../shared/settings.js';
import { LOCAL_HOST, type Fleet } from '../hosts/index.js';
import { DEFAULT_LEASE_TTL_MS, serverKey, type LeaseHandle, type Store } from '../store/index.js';
import type { Server, ShellKind } from './options.js';
import { engineVersion } from './version.js';

export interface StatusParts {
  fleet: Fleet | null;
  monitoring: boolean;
  /** The local server's lease, when this process holds it. */
  localLease: LeaseHandle | undefined;
  store: () => Store;
  server: Server;
  shell: ShellKind;
  now: number;
  env: NodeJS.ProcessEnv;
}

export function engineStatus(p: StatusParts): EngineStatus {
  return {
    hosts: p.fleet?.status() ?? [{ host: LOCAL_HOST, status: 'disconnected', message: 'closed' }],
    monitoring: p.monitoring,
    leaseHolder: leaseHolder(p),
    version: engineVersion(),
    shell: p.shell,
    server: { socketName: p.server.socketName ?? null, socketPath: p.server.socketPath ?? null },
    agentCommandOverrides: agentCommandOverrides(p.env),
  };
}

/** Who monitors the local server: this process, another live one, or nobody. */
function leaseHolder(p: StatusParts): string | null {
  const mine = p.localLease;
  if (mine?.held) return `${mine.holder.app} (pid ${mine.holder.pid} on ${mine.holder.host}, this process)`;
  try {
    const cur = p.store().lease.current(serverKey({ host: LOCAL_HOST, ...p.server }));
    if (!cur || p.now - cur.heartbeatAt > DEFAULT_LEASE_TTL_MS) return null;
    return `${cur.app} (pid ${cur.pid} on ${cur.host})`;
  } catch {
    return null;
  }
}

/** `ORC_AGENT_CMD_<TYPE>` set in the engine's environment: these win over Settings → Agent commands. */
function agentCommandOverrides(env: NodeJS.ProcessEnv): EngineStatus['agentCommandOverrides'] {
  return Object.fromEntries(PROGRAM_TYPES.flatMap((t) => (env[agentCommandVar(t)]?.trim() ? [[t, env[agentCommandVar(t)]!.trim()]] : [])));
}
