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

/** Whole-number bounds: `max` alone means 1…max. */
export type IntBounds = number | { min: number; max: number };

/** `--limit N`: a whole number within bounds (the contract's own, via contractBounds, where it has them). */
export function intOpt(args: CommandArgs, name: string, bounds: IntBounds, command: string): number | undefined {
  const v = str(args, name);
  if (v === undefined) return undefined;
  const { min, max } = typeof bounds === 'number' ? { min: 1, max: bounds } : bounds;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${v}"`, command);
  }
  return n;
}

/** The bounds a contract field (a zod number, maybe with a default) declares: the CLI never restates them. */
export function contractBounds(field: { unwrap?: () => unknown; minValue?: number | null; maxValue?: number | null }): { min: number; max: number } {
  const num = (typeof field.unwrap === 'function' ? field.unwrap() : field) as { minValue?: number | null; maxValue?: number | null };
  return { min: num.minValue ?? 0, max: num.maxValue ?? Number.MAX_SAFE_INTEGER };
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

/** The first positional as a record id (`12` or `#12`), e.g. for `schedule cancel ID`. */
export function idArg(args: CommandArgs, what: string, command: string): number {
  const raw = args.positionals[0]!.replace(/^#/, '');
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || id < 1) throw new UsageError(`${what} id must be a number such as 3, not "${args.positionals[0]}"`, command);
  return id;
}
