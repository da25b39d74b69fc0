// The performance review as CSV (one row per agent per day), written the same way by the UI's
// export button and `tmux-orc review --csv`. RFC 4180 quoting; a cell that a spreadsheet would
// run as a formula (= + - @ at the start) is prefixed with an apostrophe, since agent and team
// names come from tmux and anyone on the machine can choose them.
import type { PerformanceReview } from './domain.js';

export const REVIEW_CSV_COLUMNS = [
  'day',
  'server',
  'agent',
  'team',
  'waiting_min',
  'unsent_min',
  'rate_limited_min',
  'busy_min',
  'idle_min',
  'down_min',
  'other_min',
  'total_min',
  'crashes',
  'restarts',
] as const;

/** A local calendar day as YYYY-MM-DD. */
export function isoDay(dayStartMs: number): string {
  const d = new Date(dayStartMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function cell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const minutes = (ms: number) => Math.round(ms / 600) / 100;

export function reviewCsv(review: Pick<PerformanceReview, 'rows'>): string {
  const lines = [REVIEW_CSV_COLUMNS.join(',')];
  for (const r of review.rows) {
    lines.push(
      [
        isoDay(r.day),
        r.server,
        r.agent,
        r.team ?? '',
        minutes(r.waitingMs),
        minutes(r.unsentMs),
        minutes(r.rateLimitedMs),
        minutes(r.busyMs),
        minutes(r.idleMs),
        minutes(r.downMs),
        minutes(r.otherMs),
        minutes(r.totalMs),
        r.crashes,
        r.restarts,
      ]
        .map(cell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
