// Small, locale-light formatting: the board shows hundreds of these per second.

/** 4s · 3m 12s · 2h 05m · 3d 4h */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 14:03:07 today, otherwise 27 Nov 14:03. */
export function formatTime(at: number, now = Date.now()): string {
  const d = new Date(at);
  const n = new Date(now);
  const hms = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  if (d.toDateString() === n.toDateString()) return hms;
  const month = d.toLocaleString('en', { month: 'short' });
  return `${d.getDate()} ${month} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** 14:03 today, otherwise 27 Nov 14:03 (a time to the minute: when a usage limit resets). */
export function formatClock(at: number, now = Date.now()): string {
  const d = new Date(at);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.toDateString() === new Date(now).toDateString() ? hm : `${d.getDate()} ${d.toLocaleString('en', { month: 'short' })} ${hm}`;
}

/** 0 h · <1 min · 36 min · 4.6 h · 130 h: minutes under an hour (a day's few minutes are not "0.0 h"). */
export function formatHours(ms: number): string {
  if (ms <= 0) return '0 h';
  const min = ms / 60_000;
  if (min < 1) return '<1 min';
  if (min < 59.5) return `${Math.round(min)} min`;
  const h = ms / 3_600_000;
  return h < 9.95 ? `${h.toFixed(1)} h` : `${Math.round(h)} h`;
}

export function formatAgo(at: number, now = Date.now()): string {
  const ms = now - at;
  if (ms < 0) return `in ${formatDuration(-ms)}`;
  if (ms < 5_000) return 'just now';
  return `${formatDuration(ms)} ago`;
}

/** Value for <input type="datetime-local"> in local time. */
export function toLocalInput(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
/** "1 agent", "3 agents". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
