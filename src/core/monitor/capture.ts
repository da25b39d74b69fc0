// One pipelined batch: for every pane its screen and the facts the classifier needs that can
// change without any topology event (the foreground command — an agent exiting to its shell —
// and the dead flag). Two commands per pane, one write, one round trip.
import { createHash } from 'node:crypto';
import { FIELD_SEP, formatOf, splitFields, type TmuxConnection } from '../tmux/index.js';

export interface PaneSnapshot {
  screen: string;
  command: string;
  dead: boolean;
  deadStatus: number | null;
  /**
   * A sender holds the pane (its @orc-lock, see actions/pane-lock.ts): text in the box is a
   * message on its way in. Not part of the hash.
   */
  sending: boolean;
  /** Hash of screen and facts: equal hashes mean nothing to re-classify. */
  hash: string;
}

const FACTS_FIELDS = ['pane_current_command', 'pane_dead', 'pane_dead_status', '@orc-lock'];
const FACTS_FORMAT = formatOf(FACTS_FIELDS);

/** Screens and facts of `paneIds`; a pane that is gone maps to null. */
export async function captureBatch(conn: Pick<TmuxConnection, 'runSettled'>, paneIds: readonly string[]): Promise<Map<string, PaneSnapshot | null>> {
  const cmds: string[][] = [];
  for (const id of paneIds) cmds.push(captureArgs(id), ['display-message', '-p', '-t', id, FACTS_FORMAT]);
  const results = await conn.runSettled(cmds);
  const out = new Map<string, PaneSnapshot | null>();
  paneIds.forEach((id, i) => {
    const cap = results[2 * i];
    const facts = results[2 * i + 1];
    if (cap?.status !== 'fulfilled' || facts?.status !== 'fulfilled') {
      out.set(id, null);
      return;
    }
    const [command = '', dead = '', status = '', lock = ''] = splitFields(facts.value[0] ?? '', FACTS_FIELDS.length);
    out.set(id, makeSnapshot(cap.value.join('\n'), command, dead === '1', status === '' ? null : Number(status), lock !== ''));
  });
  return out;
}

export function captureArgs(paneId: string): string[] {
  return ['capture-pane', '-p', '-t', paneId];
}

/** A snapshot from a screen and facts got elsewhere (a pane listing in the same write). */
export function makeSnapshot(screen: string, command: string, dead: boolean, deadStatus: number | null, sending = false): PaneSnapshot {
  const hash = createHash('sha1').update(screen).update(`\0${command}${FIELD_SEP}${dead ? 1 : 0}${FIELD_SEP}${deadStatus ?? ''}`).digest('base64');
  return { screen, command, dead, deadStatus, sending, hash };
}

const NOISE = [/^\s*─{3,}\s*$/, /^\s*[❯>]\s*$/, /^\s*\? for shortcuts/, /^\s*esc to interrupt\s*$/i, /^\s*[│╭╰]/];

/** The last meaningful line of a screen (input box, rules and footers skipped), at most 200 chars. */
export function lastLineOf(screen: string): string {
  const lines = screen.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = (lines[i] ?? '').trim();
    if (l === '' || NOISE.some((re) => re.test(l))) continue;
    return l.length > 200 ? l.slice(0, 199) + '…' : l;
  }
  return '';
}
