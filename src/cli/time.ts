// Durations (`90s`, `5m`, `1h30m`, `2d`) and times (`14:30`, `2026-12-01 09:00`, ISO 8601) as
// the CLI accepts them, and how it prints times back.
import { dateTimeOf } from './transition-format.js';
import { UsageError } from './errors.js';

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Milliseconds of a duration like `30s`, `5m`, `1h30m`, `2d`, `500ms`. */
export function parseDuration(text: string, what = 'duration'): number {
  const t = text.trim().toLowerCase();
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    matched = re.lastIndex;
  }
  if (t === '' || matched !== t.length || !Number.isFinite(total) || total <= 0) {
    throw new UsageError(`${what} "${text}" is not a duration; use e.g. 90s, 5m, 1h30m or 2d`);
  }
  return Math.round(total);
}

/**
 * Epoch ms of a time: `HH:MM[:SS]` (today, or tomorrow when already past), a date-time such as
 * `2026-12-01 09:00` or `2026-12-01T09:00:00Z`, in local time unless a zone is given.
 */
export function parseTime(text: string, now = Date.now()): number {
  const t = text.trim();
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  if (clock) {
    const [h, m, s] = [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)];
    if (h > 23 || m > 59 || s > 59) throw new UsageError(`time "${text}" is not a clock time (HH:MM)`);
    const d = new Date(now);
    d.setHours(h, m, s, 0);
    if (d.getTime() <= now) d.setDate(d.getDate() + 1);
    return d.getTime();
  }
  if (/^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(t)) {
    const iso = t.replace(' ', 'T');
    // A bare date-time without a zone is local time (Date.parse does that for the T form).
    const ms = Date.parse(/T/.test(iso) ? iso : `${iso}T00:00`);
    if (Number.isFinite(ms)) return ms;
  }
  throw new UsageError(`time "${text}" is not understood; use HH:MM, "YYYY-MM-DD HH:MM" or an ISO 8601 time`);
}


/** Local `YYYY-MM-DD HH:MM:SS`. */
export function formatTime(ms: number): string {
  return dateTimeOf(ms);
}

/** A short span: `45s`, `12m`, `3h5m`, `2d4h`. */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d${h % 24}h` : `${d}d`;
}
