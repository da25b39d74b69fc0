// The registry: which panes are agents, as AgentInfo. Built from one pane listing (the rows
// every layer uses, plus start command and activity time fetched in the same pipelined write),
// and kept current by whoever owns the connection calling `refresh()` on topology events and
// on the slow reconcile sweep — never per output event. State fields (state, reason, since…)
// belong to the monitor; the registry keeps them across refreshes and only owns identity.
import type { AgentInfo } from '../../shared/domain.js';
import { formatOf, listPanesArgs, paneRowArgs, parsePaneRows, splitFields, type PaneRow, type TmuxConnection } from '../tmux/index.js';
import { recogniseAgent } from './recognise.js';
import { LOCAL_HOST } from '../../shared/hosts.js';

/** Facts `list-panes` rows do not carry, fetched alongside them. */
export interface PaneExtras {
  /** `pane_start_command` ('' when the pane runs the default shell). */
  startCommand: string;
  /** `window_activity` in epoch ms: the last output in the pane's window. */
  activityMs: number;
  /** `pane_pid`: the pane's first process (0 when unknown). */
  pid: number;
  /** A sender holds the pane's @orc-lock (see actions/pane-lock.ts). */
  locked: boolean;
}

export interface PaneListing {
  rows: PaneRow[];
  extras: Map<string, PaneExtras>;
}

const EXTRA_FIELDS = ['pane_id', 'window_activity', 'pane_pid', '@orc-lock', 'pane_start_command'];
const EXTRA_FORMAT = formatOf(EXTRA_FIELDS);
/** Most panes a registry tracks (bounded like every table here). */
export const MAX_PANES = 5_000;

/** The two commands of a listing (to pipeline with others): rows, then extras. */
export function listingCommands(): string[][] {
  return [listPanesArgs(), ['list-panes', '-a', '-F', EXTRA_FORMAT]];
}

export function parseListing(rowLines: readonly string[], extraLines: readonly string[]): PaneListing {
  return { rows: parsePaneRows(rowLines).slice(0, MAX_PANES), extras: parseExtras(extraLines) };
}

/** One pipelined write: the shared pane listing plus the extras. */
export async function listPaneFacts(conn: Pick<TmuxConnection, 'runAll'>): Promise<PaneListing> {
  const [rowLines = [], extraLines = []] = await conn.runAll(listingCommands());
  return parseListing(rowLines, extraLines);
}

/** The same facts for one pane (empty when it is gone), without listing every pane. */
export async function onePaneFacts(conn: Pick<TmuxConnection, 'runSettled'>, paneId: string): Promise<PaneListing> {
  const [rows, extras] = await conn.runSettled([paneRowArgs(paneId), ['display-message', '-p', '-t', paneId, EXTRA_FORMAT]]);
  return parseListing(rows?.status === 'fulfilled' ? rows.value : [], extras?.status === 'fulfilled' ? extras.value : []);
}

export function parseExtras(lines: readonly string[]): Map<string, PaneExtras> {
  const out = new Map<string, PaneExtras>();
  for (const line of lines) {
    const [id = '', act = '', pid = '', lock = '', startCommand = ''] = splitFields(line, EXTRA_FIELDS.length);
    if (!id.startsWith('%')) continue;
    out.set(id, { activityMs: (Number(act) || 0) * 1000, pid: Number(pid) || 0, locked: lock !== '', startCommand });
  }
  return out;
}

/** The AgentInfo for a pane, or null when the pane is not an agent. State fields come from `prev`. */
export function agentFromRow(row: PaneRow, host: string, extras?: PaneExtras, prev?: AgentInfo, now = Date.now()): AgentInfo | null {
  const r = recogniseAgent({
    options: { name: row.orcName, type: row.orcType, role: row.orcRole, team: row.orcTeam },
    currentCommand: row.command,
    windowName: row.windowName,
    paneTitle: row.title,
    startCommand: extras?.startCommand,
  });
  if (!r) return null;
  return {
    id: `${host}/${row.paneId}`,
    host,
    paneId: row.paneId,
    target: row.target,
    session: row.session,
    windowName: row.windowName,
    name: r.name,
    type: r.type,
    role: r.role,
    team: r.team,
    tagged: r.tagged,
    state: prev?.state ?? 'starting',
    reason: prev?.reason ?? 'starting: not classified yet',
    since: prev?.since ?? now,
    lastLine: prev?.lastLine ?? '',
    command: row.command,
    cwd: row.cwd,
    resetAt: prev?.resetAt ?? null,
    ...(prev?.prompt ? { prompt: prev.prompt } : {}),
  };
}

/** The agents of a listing (panes that are not agents left out). */
export function agentsFromListing({ rows, extras }: PaneListing, host: string, now = Date.now()): AgentInfo[] {
  return rows.map((r) => agentFromRow(r, host, extras.get(r.paneId), undefined, now)).filter((a): a is AgentInfo => a !== null);
}

/** Identity fields: a change in any of them is worth an agentChanged event. */
const IDENTITY: readonly (keyof AgentInfo)[] = ['target', 'session', 'windowName', 'name', 'type', 'role', 'team', 'tagged', 'command', 'cwd'];

export function identityChanged(a: AgentInfo, b: AgentInfo): boolean {
  return IDENTITY.some((k) => a[k] !== b[k]);
}

export interface RegistryDiff {
  added: AgentInfo[];
  removed: AgentInfo[];
  /** Agents whose identity changed (renamed window, moved, retagged, other command). */
  changed: AgentInfo[];
}

export interface RegistryOptions {
  /** `local`, or the ssh destination the connection talks to. */
  host?: string;
  now?: () => number;
}

export class AgentRegistry {
  readonly host: string;
  private readonly now: () => number;
  private readonly agentsByPane = new Map<string, AgentInfo>();
  private rows: PaneRow[] = [];
  private rowsByPane = new Map<string, PaneRow>();
  private extras = new Map<string, PaneExtras>();

  constructor(opts: RegistryOptions = {}) {
    this.host = opts.host ?? LOCAL_HOST;
    this.now = opts.now ?? Date.now;
  }

  /** List panes on `conn` (one pipelined write) and apply the result. */
  async refresh(conn: Pick<TmuxConnection, 'runAll'>): Promise<RegistryDiff> {
    const listing = await listPaneFacts(conn);
    return this.apply(listing.rows, listing.extras);
  }

  /** Replace the pane list; agents keep their state across calls. */
  apply(rows: readonly PaneRow[], extras: Map<string, PaneExtras> = new Map()): RegistryDiff {
    const now = this.now();
    const diff: RegistryDiff = { added: [], removed: [], changed: [] };
    this.rows = rows.slice(0, MAX_PANES);
    this.rowsByPane = new Map(this.rows.map((r) => [r.paneId, r]));
    this.extras = extras;
    const seen = new Set<string>();
    for (const row of this.rows) {
      const prev = this.agentsByPane.get(row.paneId);
      const next = agentFromRow(row, this.host, extras.get(row.paneId), prev, now);
      if (!next) continue;
      seen.add(row.paneId);
      if (!prev) diff.added.push(next);
      else if (identityChanged(prev, next)) diff.changed.push(next);
      else continue;
      this.agentsByPane.set(row.paneId, next);
    }
    for (const [paneId, agent] of this.agentsByPane) {
      if (seen.has(paneId)) continue;
      this.agentsByPane.delete(paneId);
      diff.removed.push(agent);
    }
    return diff;
  }

  /** Forget everything (the server went away): every agent is removed. */
  clear(): AgentInfo[] {
    const gone = [...this.agentsByPane.values()];
    this.agentsByPane.clear();
    this.rows = [];
    this.rowsByPane.clear();
    this.extras.clear();
    return gone;
  }

  /** Update an agent's state fields (the monitor's job); returns the new object. */
  update(paneId: string, patch: Partial<Pick<AgentInfo, 'state' | 'reason' | 'since' | 'lastLine' | 'resetAt' | 'command' | 'prompt'>>): AgentInfo | undefined {
    const prev = this.agentsByPane.get(paneId);
    if (!prev) return undefined;
    const next = { ...prev, ...patch };
    this.agentsByPane.set(paneId, next);
    return next;
  }

  list(): AgentInfo[] {
    return [...this.agentsByPane.values()];
  }

  get(id: string): AgentInfo | undefined {
    const slash = id.lastIndexOf('/');
    if (slash < 0 || id.slice(0, slash) !== this.host) return undefined;
    return this.agentsByPane.get(id.slice(slash + 1));
  }

  byPane(paneId: string): AgentInfo | undefined {
    return this.agentsByPane.get(paneId);
  }

  /** Every pane of the last listing, agents or not (for actions on any pane). */
  panes(): PaneRow[] {
    return this.rows;
  }

  row(paneId: string): PaneRow | undefined {
    return this.rowsByPane.get(paneId);
  }

  extrasOf(paneId: string): PaneExtras | undefined {
    return this.extras.get(paneId);
  }

  get size(): number {
    return this.agentsByPane.size;
  }
}
