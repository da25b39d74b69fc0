// Remembered window size and position: a small JSON file in userData. The fitting logic is
// pure: a saved window is put back only where a display can show it.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 720, height: 480 } as const;
/** Of a restored window at least this much must sit on a display (enough to grab the title bar). */
const MIN_VISIBLE = { width: 120, height: 40 } as const;
/** Larger than any real screen: a file claiming more is corrupt. */
const MAX_COORD = 100_000;

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Accept a parsed file only when every field is a sane integer; anything else is null. */
export function parseWindowState(raw: unknown): WindowState | null {
  if (!raw || typeof raw !== 'object') return null;
  const { bounds, maximized } = raw as { bounds?: unknown; maximized?: unknown };
  if (!bounds || typeof bounds !== 'object') return null;
  const b = bounds as Record<string, unknown>;
  if (!isInt(b.x, -MAX_COORD, MAX_COORD) || !isInt(b.y, -MAX_COORD, MAX_COORD)) return null;
  if (!isInt(b.width, 1, MAX_COORD) || !isInt(b.height, 1, MAX_COORD)) return null;
  return { bounds: { x: b.x, y: b.y, width: b.width, height: b.height }, maximized: maximized === true };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

function centred(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: area.x + Math.round((area.width - width) / 2),
    y: area.y + Math.round((area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Where to open the window, given the saved state (or null) and the displays' work areas
 * (primary first). Too small → MIN_SIZE; larger than its display → shrunk to it; off every
 * display (a monitor was unplugged) → centred on the primary display.
 */
export function fitWindowState(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  if (!saved) return { bounds: centred(DEFAULT_SIZE, primary), maximized: false };
  const size = {
    width: Math.max(saved.bounds.width, MIN_SIZE.width),
    height: Math.max(saved.bounds.height, MIN_SIZE.height),
  };
  const wanted = { ...saved.bounds, ...size };
  let best: Rect | null = null;
  let bestArea = 0;
  for (const area of workAreas) {
    const o = overlap(wanted, area);
    if (o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height && o.width * o.height > bestArea) {
      best = area;
      bestArea = o.width * o.height;
    }
  }
  if (!best) return { bounds: centred(size, primary), maximized: saved.maximized };
  const width = Math.min(size.width, best.width);
  const height = Math.min(size.height, best.height);
  // Pull the window fully onto the display it mostly sits on.
  const x = Math.min(Math.max(wanted.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(wanted.y, best.y), best.y + best.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

/** Read the saved state; a missing or corrupt file is simply "nothing saved". */
export function loadWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

/** Write atomically (temp file + rename) so a crash mid-write never leaves half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state)}\n`);
  renameSync(tmp, file);
}
