// Turning the reset time an agent prints with its usage-limit message into epoch ms.
// Shapes seen in the CLIs: `resets 3pm (Europe/London)`, `resets Oct 9, 10am (UTC)`,
// `reset at 3pm (UTC)`, `try again at 3:28 PM`, `try again at Aug 8th, 2026 12:30 PM`,
// `Access resets at 3:45 PM UTC`, `try again in 3 days 6 hours 57 minutes`,
// `reset after 2h13m4s`, and the old `Claude AI usage limit reached|1735689600`.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** The reset instant described in `text`, or null when it shows none. */
export function parseResetTime(text: string, now: number): number | null {
  const epoch = /\|(\d{10})\b/.exec(text);
  if (epoch?.[1]) return Number(epoch[1]) * 1000;
  const relative = /\b(?:in|after)\s+((?:\d+(?:\.\d+)?\s*(?:days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?![a-z])[\s,]*(?:and\s+)?)+)/i.exec(text);
  if (relative?.[1]) return now + durationMs(relative[1]);
  return absoluteTime(text, now);
}

function durationMs(text: string): number {
  let ms = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)/gi)) {
    const unit = (m[2] ?? '').toLowerCase();
    const key = unit.startsWith('mi') || unit === 'm' ? 'm' : unit[0] ?? 's';
    ms += Math.round(Number(m[1]) * (UNIT_MS[key] ?? 0));
  }
  return ms;
}

function absoluteTime(text: string, now: number): number | null {
  const clock =
    /\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?(?![a-z])/i.exec(text) ?? /\b([01]?\d|2[0-3]):([0-5]\d)(?![\d:]|\s*[ap]\.?m)/i.exec(text);
  if (!clock) return null;
  let hour = Number(clock[1]);
  const minute = Number(clock[2] ?? 0);
  const meridiem = clock[3]?.toLowerCase();
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
  }
  const zone = timeZoneOf(text);
  const today = wallClock(zone, now);
  const date = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s*(\d{4})\b)?/i.exec(text);
  if (date) {
    const month = MONTHS.indexOf((date[1] ?? '').toLowerCase());
    const day = Number(date[2]);
    const year = date[3] ? Number(date[3]) : today.year;
    let t = zonedToEpoch(zone, year, month, day, hour, minute);
    // Without a year, a date well in the past means next year's.
    if (!date[3] && t < now - 86_400_000) t = zonedToEpoch(zone, year + 1, month, day, hour, minute);
    return t;
  }
  let t = zonedToEpoch(zone, today.year, today.month, today.day, hour, minute);
  if (t <= now) t = zonedToEpoch(zone, today.year, today.month, today.day + 1, hour, minute);
  return t;
}

/** An IANA zone from `(Europe/London)` / `(UTC)` / ` UTC` / `GMT+2`; undefined means the local zone. */
function timeZoneOf(text: string): string | undefined {
  const named = /\(([A-Za-z][A-Za-z_]+(?:\/[A-Za-z_+\-0-9]+)*)\)/.exec(text)?.[1];
  const offset = /\b(?:UTC|GMT)([+-]\d{1,2})(?::?00)?\b/.exec(text)?.[1];
  const bare = /\b(UTC|GMT)\b/.exec(text)?.[1];
  // Etc/GMT zones count the other way round: UTC+2 is Etc/GMT-2.
  const candidate = offset ? `Etc/GMT${offset.startsWith('-') ? '+' : '-'}${Math.abs(Number(offset))}` : (named ?? bare);
  if (!candidate) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: candidate });
    return candidate;
  } catch {
    return undefined;
  }
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function wallClock(zone: string | undefined, t: number): Wall {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month') - 1, day: get('day'), hour: get('hour') % 24, minute: get('minute') };
}

function offsetMs(zone: string | undefined, t: number): number {
  const w = wallClock(zone, t);
  const asUtc = Date.UTC(w.year, w.month, w.day, w.hour, w.minute);
  return asUtc - Math.floor(t / 60_000) * 60_000;
}

/** Epoch ms of a wall-clock time in `zone` (handles DST by re-checking the offset once). */
function zonedToEpoch(zone: string | undefined, year: number, month: number, day: number, hour: number, minute: number): number {
  const guess = Date.UTC(year, month, day, hour, minute);
  const first = guess - offsetMs(zone, guess);
  const second = guess - offsetMs(zone, first);
  return second;
}
