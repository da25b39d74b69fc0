// What actions need to know about one pane, read in one round trip: its identity, liveness and
// the `@orc-*` options spawnAgent recorded (start command, directory, environment, worktree).
import { ApiError } from '../../shared/api.js';
import type { TmuxConnection } from '../tmux/index.js';
import { TmuxCommandError } from '../tmux/index.js';

export interface PaneInfo {
  paneId: string;
  session: string;
  windowId: string;
  windowIndex: number;
  windowName: string;
  paneIndex: number;
  /** `session:window.pane`. */
  target: string;
  dead: boolean;
  deadStatus: number | null;
  currentCommand: string;
  cwd: string;
  startCommand: string;
  /** `@orc-*` options ('' when unset). */
  orc: {
    name: string;
    type: string;
    role: string;
    team: string;
    cmd: string;
    cwd: string;
    env: string;
    worktree: string;
    base: string;
    branch: string;
  };
}

const SEP = '\x1f';
const FIELDS = [
  'pane_id', 'session_name', 'window_id', 'window_index', 'window_name', 'pane_index', 'pane_dead',
  'pane_dead_status', 'pane_current_command', 'pane_current_path', 'pane_start_command',
  '@orc-name', '@orc-type', '@orc-role', '@orc-team', '@orc-cmd', '@orc-cwd', '@orc-env',
  '@orc-worktree', '@orc-base', '@orc-branch',
] as const;
const FORMAT = FIELDS.map((f) => `#{${f}}`).join(SEP);

export function paneInfoArgs(paneId: string): string[] {
  return ['display-message', '-p', '-t', paneId, FORMAT];
}

/** Parse the display-message line; null when the pane does not exist (tmux answers empty fields). */
export function parsePaneInfo(paneId: string, lines: readonly string[]): PaneInfo | null {
  const f = (lines[0] ?? '').split(SEP);
  if (f[0] !== paneId || f.length < FIELDS.length) return null;
  const [, session, windowId, wi, windowName, pi, dead, deadStatus, cmd, cwd, start, ...o] = f as [string, ...string[]];
  return {
    paneId,
    session: session!,
    windowId: windowId!,
    windowIndex: Number(wi),
    windowName: windowName!,
    paneIndex: Number(pi),
    target: `${session}:${wi}.${pi}`,
    dead: dead === '1',
    deadStatus: deadStatus ? Number(deadStatus) : null,
    currentCommand: cmd!,
    cwd: cwd!,
    startCommand: start!,
    orc: {
      name: o[0] ?? '', type: o[1] ?? '', role: o[2] ?? '', team: o[3] ?? '', cmd: o[4] ?? '', cwd: o[5] ?? '',
      env: o[6] ?? '', worktree: o[7] ?? '', base: o[8] ?? '', branch: o[9] ?? '',
    },
  };
}

/** The pane's facts, or a not_found ApiError naming what was asked for. */
export async function readPane(conn: TmuxConnection, paneId: string, what = paneId): Promise<PaneInfo> {
  const lines = await conn.run(paneInfoArgs(paneId)).catch((err: unknown) => {
    if (err instanceof TmuxCommandError) return [];
    throw err;
  });
  const info = parsePaneInfo(paneId, lines);
  if (!info) throw new ApiError('not_found', `${what}: the pane ${paneId} no longer exists`);
  return info;
}

/** The recorded environment (`@orc-env`, JSON), or {} when absent or unreadable. */
export function recordedEnv(info: PaneInfo): Record<string, string> {
  if (!info.orc.env) return {};
  try {
    const v: unknown = JSON.parse(info.orc.env);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}
