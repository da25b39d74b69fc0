// Small input checks shared by the sub-APIs: bad input gets one clear StoreError and
// changes nothing.
import { StoreError } from './errors.js';

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new StoreError('bad_input', `${what} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
}

export function epochMs(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return Math.floor(value);
  throw new StoreError('bad_input', `${what} must be a time in epoch milliseconds (got ${JSON.stringify(value)})`);
}

export function text(value: unknown, what: string, allowEmpty = false): string {
  if (typeof value === 'string' && (allowEmpty || value.length > 0)) return value;
  throw new StoreError('bad_input', `${what} must be a ${allowEmpty ? '' : 'non-empty '}string`);
}

export function optText(value: unknown, what: string): string | null {
  if (value === undefined || value === null) return null;
  return text(value, what, true);
}

/** A list limit: default when absent, clamped to [1, max]. */
export function limit(value: number | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new StoreError('bad_input', `limit must be a positive integer (got ${value})`);
  return Math.min(value, max);
}
