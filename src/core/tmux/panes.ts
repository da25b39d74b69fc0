// The one pane listing everybody uses: `list-panes -a` with a fixed format, parsed into rows.
import { FIELD_SEP, formatOf, PANE_TAG_FIELDS, splitFields } from './vocabulary.js';

export interface PaneRow {
  paneId: string;
  sessionId: string;
  session: string;
  windowId: string;
  windowIndex: number;
  windowName: string;
  paneIndex: number;
  /** `session:window.pane` (window by index). */
  target: string;
  command: string;
  pid: number;
  dead: boolean;
  /** Exit status when dead (null when alive or unknown). */
  deadStatus: number | null;
  cwd: string;
  width: number;
  height: number;
  /** Whether the pane is in a mode (copy mode…), where output is not the program's. */
  inMode: boolean;
  /** The pane's window is the active one of its session and the pane is the active pane. */
  active: boolean;
  orcName: string;
  orcType: string;
  orcRole: string;
  orcTeam: string;
  title: string;
}

const FIELDS = [
  'pane_id', 'session_id', 'session_name', 'window_id', 'window_index', 'window_name', 'pane_index',
  'pane_current_command', 'pane_pid', 'pane_dead', 'pane_dead_status', 'pane_width', 'pane_height',
  'pane_in_mode', 'pane_active', 'window_active', ...PANE_TAG_FIELDS, 'pane_current_path', 'pane_title',
] as const;

export const PANE_FORMAT = formatOf(FIELDS);

export function listPanesArgs(): string[] {
  return ['list-panes', '-a', '-F', PANE_FORMAT];
}

/** The same row for one pane (parse it with parsePaneRows; none when the pane is gone). */
export function paneRowArgs(paneId: string): string[] {
  return ['display-message', '-p', '-t', paneId, PANE_FORMAT];
}

/** Parse list-panes lines; lines that are not ours (no pane id) are skipped. */
export function parsePaneRows(lines: readonly string[]): PaneRow[] {
  const rows: PaneRow[] = [];
  for (const line of lines) {
    if (line.split(FIELD_SEP).length < FIELDS.length || !line.startsWith('%')) continue;
    const [paneId, sessionId, session, windowId, wi, windowName, pi, command, pid, dead, deadStatus, w, h, mode, pact, wact, on, ot, or, oteam, cwd, title] = splitFields(line, FIELDS.length) as [string, ...string[]];
    rows.push({
      paneId,
      sessionId: sessionId!,
      session: session!,
      windowId: windowId!,
      windowIndex: Number(wi),
      windowName: windowName!,
      paneIndex: Number(pi),
      target: `${session}:${wi}.${pi}`,
      command: command!,
      pid: Number(pid) || 0,
      dead: dead === '1',
      deadStatus: deadStatus === '' || deadStatus === undefined ? null : Number(deadStatus),
      cwd: cwd!,
      width: Number(w),
      height: Number(h),
      inMode: mode === '1',
      active: pact === '1' && wact === '1',
      orcName: on!,
      orcType: ot!,
      orcRole: or!,
      orcTeam: oteam!,
      title: title!,
    });
  }
  return rows;
}

/**
 * The latest time tmux's `window_activity` (whole epoch seconds, as ms) can stand for: tmux
 * prints the second, so the last output was anywhere in it. Quiet time counted from its start
 * was up to 999 ms too long, calling a pane that printed 1.2 s ago quiet for 2 s; counted from
 * its end it is never too long. Not after `now`; 0 when unknown.
 */
export function activityLatestMs(activityMs: number, now: number): number {
  return activityMs > 0 ? Math.min(activityMs + 999, now) : 0;
}
