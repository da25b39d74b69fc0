// Target resolution: what a person (or an agent, or a script) types to name an agent — its
// name, `session:window` (index or name), `session:window.pane`, `%id` or its id `host/%id` —
// turned into exactly one agent, or one clear error. Pure: callers pass the current list.
import { ApiError } from '../../shared/api.js';
import type { AgentInfo } from '../../shared/domain.js';
import type { PaneRow } from '../tmux/index.js';
import { LOCAL_HOST } from '../../shared/hosts.js';

/** What both agents and plain panes have, so one resolver serves both. */
export interface PaneLike {
  paneId: string;
  session: string;
  windowName: string;
  /** `session:window.pane` (window by index). */
  target: string;
}

const PANE_ID = /^%\d+$/;
const HOST_PANE = /^(.+)\/(%\d+)$/;
const WINDOW_PANE = /^(.*)\.(\d+)$/;
/** How many candidates an "ambiguous" message lists before saying "and N more". */
const MAX_LISTED = 10;

interface Parsed {
  session: string;
  window: string;
  pane: number | null;
}

/** The window index of a `session:N.M` target (targets always hold the index). */
function windowIndexOf(t: string): string {
  const afterColon = t.slice(t.lastIndexOf(':') + 1);
  return afterColon.slice(0, afterColon.lastIndexOf('.'));
}

function paneIndexOf(t: string): number {
  return Number(t.slice(t.lastIndexOf('.') + 1));
}

/** `session:window[.pane]`, reading `w.N` as window `w` pane N first (window names may hold dots). */
function parseSessionTarget(target: string): Parsed[] {
  const colon = target.indexOf(':');
  if (colon <= 0) return [];
  const session = target.slice(0, colon);
  const rest = target.slice(colon + 1);
  if (rest === '') return [];
  const out: Parsed[] = [];
  const m = WINDOW_PANE.exec(rest);
  if (m && m[1] !== '') out.push({ session, window: m[1]!, pane: Number(m[2]) });
  out.push({ session, window: rest, pane: null });
  return out;
}

function inWindow<T extends PaneLike>(items: readonly T[], p: Parsed): T[] {
  const inSession = items.filter((a) => a.session === p.session);
  // A window given by index wins over a window whose name happens to be that number.
  const byIndex = /^\d+$/.test(p.window) ? inSession.filter((a) => windowIndexOf(a.target) === p.window) : [];
  const win = byIndex.length ? byIndex : inSession.filter((a) => a.windowName === p.window);
  return p.pane === null ? win : win.filter((a) => paneIndexOf(a.target) === p.pane);
}

function listTargets(items: readonly PaneLike[]): string {
  const shown = items.slice(0, MAX_LISTED).map((a) => a.target).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
}

function ambiguous(target: string, what: string, items: readonly PaneLike[]): ApiError {
  return new ApiError('ambiguous', `"${target}" matches ${items.length} ${what}: ${listTargets(items)}; use one of these targets`);
}

/** Candidates for a target by pane identity (id, %id, session:window[.pane]); null when the form does not apply. */
function byPaneForm<T extends PaneLike>(items: readonly T[], target: string, idOf: (x: T) => string): T[] | null {
  const hp = HOST_PANE.exec(target);
  if (hp) return items.filter((a) => idOf(a) === target);
  if (PANE_ID.test(target)) return items.filter((a) => a.paneId === target);
  const forms = parseSessionTarget(target);
  if (forms.length === 0) return null;
  for (const p of forms) {
    const hits = inWindow(items, p);
    if (hits.length) return hits;
  }
  return [];
}

/**
 * One agent for a target: id, `%id`, `session:window.pane`, `session:window` (index or name)
 * or agent name. Unknown → ApiError('not_found'); a name or window holding several agents →
 * ApiError('ambiguous') listing their targets.
 */
export function resolveTarget(agents: readonly AgentInfo[], target: string): AgentInfo {
  const t = typeof target === 'string' ? target.trim() : '';
  if (t === '') throw new ApiError('bad_input', 'target is empty');
  const byPane = byPaneForm(agents, t, (a) => a.id);
  const hits = byPane ?? agents.filter((a) => a.name === t);
  // A name like `eng:1` is impossible (names hold no ':'), but a name equal to a target is not:
  // fall back to names when the pane form found nothing.
  const found = hits.length === 0 && byPane !== null ? agents.filter((a) => a.name === t) : hits;
  if (found.length === 1) return found[0]!;
  if (found.length > 1) return throwAmbiguous(t, found);
  throw new ApiError('not_found', `no agent "${t}": see tmux-orc list`);
}

function throwAmbiguous(target: string, found: readonly AgentInfo[]): never {
  throw ambiguous(target, 'agents', found);
}

/**
 * Any pane (agent or not), for actions that can act on every pane: `%id`, `host/%id`,
 * `session:window.pane`, or `session:window` when that window has one pane (else its active
 * pane is not guessed: ambiguous). Agent names are resolved through `agents` when given.
 */
export function resolvePane(
  panes: readonly PaneRow[],
  target: string,
  opts: { host?: string; agents?: readonly AgentInfo[] } = {},
): PaneRow {
  const t = typeof target === 'string' ? target.trim() : '';
  if (t === '') throw new ApiError('bad_input', 'target is empty');
  const host = opts.host ?? LOCAL_HOST;
  const byPane = byPaneForm(panes, t, (p) => `${host}/${p.paneId}`);
  if (byPane && byPane.length === 1) return byPane[0]!;
  if (byPane && byPane.length > 1) throw ambiguous(t, 'panes', byPane);
  if (opts.agents) {
    const agent = resolveTarget(opts.agents, t);
    const row = panes.find((p) => p.paneId === agent.paneId);
    if (row) return row;
  }
  throw new ApiError('not_found', `no pane or agent "${t}": see tmux-orc list`);
}
