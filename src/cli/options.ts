// Typed readers for a command's parsed options and arguments, with usage errors.
import { UsageError } from './errors.js';
import type { CommandArgs } from './spec-types.js';
import { parseDuration } from './time.js';

export function str(args: CommandArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(args: CommandArgs, name: string): boolean {
  return args.values[name] === true;
}

export function list(args: CommandArgs, name: string): string[] {
  const v = args.values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** `--limit N`: a positive integer up to `max`. */
export function intOpt(args: CommandArgs, name: string, max: number, command: string): number | undefined {
  const v = str(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > max) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}, not "${v}"`, command);
  }
  return n;
}

/** `--since DURATION` as an epoch ms lower bound. */
export function sinceOpt(args: CommandArgs, command: string, now = Date.now()): number | undefined {
  const v = str(args, 'since');
  if (v === undefined) return undefined;
  try {
    return Math.max(0, now - parseDuration(v, '--since'));
  } catch (err) {
    throw new UsageError((err as Error).message, command);
  }
}
