// What actions need to know about one pane, read in one round trip: the tmux layer's pane row
// plus the `@orc-*` options spawnAgent recorded (start command, directory, environment, worktree).
import { ApiError } from '../../shared/api.js';
import type { PaneRow, TmuxConnection } from '../tmux/index.js';
import { formatOf, ORC_OPTION, paneRowArgs, parsePaneRows, splitFields, TmuxCommandError } from '../tmux/index.js';

export interface PaneInfo extends PaneRow {
  /** `pane_start_command` ('' when the pane runs the default shell). */
  startCommand: string;
  /**
   * `window_activity` in epoch ms (0 when unknown): tmux's own time of the last output in the
   * pane's window (whole seconds). A fresh process has heard no output yet; this is its history.
   */
  activityMs: number;
  /** `@orc-*` options ('' when unset). */
  orc: {
    cmd: string;
    cwd: string;
    env: string;
    worktree: string;
    base: string;
    branch: string;
    /** The branch the worktree was made from. */
    baseBranch: string;
  };
}

const O = ORC_OPTION;
// pane_start_command last: it absorbs any stray separator.
const ORC_FIELDS = [O.cmd, O.cwd, O.env, O.worktree, O.base, O.branch, O.baseBranch, 'window_activity', 'pane_start_command'] as const;
const ORC_FORMAT = formatOf(ORC_FIELDS);

/** The two commands of one pane's facts (to pipeline with others): its row, then its `@orc-*` options. */
export function paneInfoCommands(paneId: string): string[][] {
  return [paneRowArgs(paneId), ['display-message', '-p', '-t', paneId, ORC_FORMAT]];
}

/** Parse the answers to paneInfoCommands; null when the pane does not exist. */
export function parsePaneInfo(paneId: string, rowLines: readonly string[], orcLines: readonly string[]): PaneInfo | null {
  const row = parsePaneRows(rowLines)[0];
  if (row?.paneId !== paneId) return null;
  const [cmd = '', cwd = '', env = '', worktree = '', base = '', branch = '', baseBranch = '', activity = '', startCommand = ''] = splitFields(orcLines[0] ?? '', ORC_FIELDS.length);
  return { ...row, startCommand, activityMs: (Number(activity) || 0) * 1000, orc: { cmd, cwd, env, worktree, base, branch, baseBranch } };
}

/** The pane's facts, or a not_found ApiError naming what was asked for. */
export async function readPane(conn: TmuxConnection, paneId: string, what = paneId): Promise<PaneInfo> {
  const [rowLines = [], orcLines = []] = await conn.runAll(paneInfoCommands(paneId)).catch((err: unknown) => {
    if (err instanceof TmuxCommandError) return [];
    throw err;
  });
  const info = parsePaneInfo(paneId, rowLines, orcLines);
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
