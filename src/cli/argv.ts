// The command line: global options (before the command, like tmux, or anywhere after it),
// the command word(s), then the command's own options and arguments via util.parseArgs.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';
import { findCommand, GLOBAL_OPTIONS, groupMembers } from './spec.js';
import type { CommandArgs, CommandSpec, OptionSpec } from './spec-types.js';
import type { GlobalOptions } from './context.js';

export type Parsed =
  | { kind: 'help'; command: CommandSpec | null; group?: string }
  | { kind: 'version' }
  | { kind: 'run'; command: CommandSpec; globals: GlobalOptions; args: CommandArgs; json: boolean };

type ParseOptions = NonNullable<ParseArgsConfig['options']>;

function toParseOptions(specs: Readonly<Record<string, OptionSpec>>): ParseOptions {
  const out: ParseOptions = {};
  for (const [name, o] of Object.entries(specs)) {
    out[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  return out;
}

const GLOBAL_PARSE = toParseOptions(GLOBAL_OPTIONS);

/** Leading global options: everything up to the first word that is not an option. */
function splitGlobals(argv: readonly string[]): { head: string[]; rest: string[]; version: boolean } {
  const head: string[] = [];
  let i = 0;
  let version = false;
  while (i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '-' && argv[i] !== '--') {
    const a = argv[i]!;
    if (a === '-V' || a === '--version') {
      version = true;
      i++;
      continue;
    }
    const takesValue = a === '-L' || a === '-S' || a === '--db' || a === '--socket-name' || a === '--socket-path';
    head.push(a);
    if (takesValue) {
      if (i + 1 >= argv.length) throw new UsageError(`option ${a} needs a value`);
      head.push(argv[i + 1]!);
      i += 2;
    } else i++;
  }
  return { head, rest: argv.slice(i), version };
}

function parseErrorMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  // Node's messages are long and mention the API; keep the first sentence.
  const unknown = /Unknown option '([^']+)'/.exec(msg);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /Option '([^']+)' argument missing/.exec(msg);
  if (missing) return `option ${missing[1]!.split(',').pop()!.trim()} needs a value`;
  const needsNone = /Option '([^']+)' does not take an argument/.exec(msg);
  if (needsNone) return `option ${needsNone[1]!.split(',').pop()!.trim()} takes no value`;
  return msg.split('. ')[0]!;
}

function mergeGlobals(into: GlobalOptions, values: Record<string, unknown>): void {
  if (typeof values['socket-name'] === 'string') into.socketName = values['socket-name'];
  if (typeof values['socket-path'] === 'string') into.socketPath = values['socket-path'];
  if (typeof values.db === 'string') into.db = values.db;
}

function checkGlobals(g: GlobalOptions, command: string): void {
  if (g.socketName !== undefined && g.socketPath !== undefined) {
    throw new UsageError('give -L NAME or -S PATH, not both', command);
  }
  for (const [flag, v] of [['-L', g.socketName], ['-S', g.socketPath], ['--db', g.db]] as const) {
    if (v !== undefined && v.trim() === '') throw new UsageError(`option ${flag} needs a non-empty value`, command);
  }
}

export function parseCommandLine(argv: readonly string[]): Parsed {
  const { head, rest, version } = splitGlobals(argv);
  let globalValues: Record<string, unknown>;
  try {
    globalValues = parseArgs({ args: head, options: GLOBAL_PARSE, allowPositionals: false, strict: true }).values;
  } catch (err) {
    throw new UsageError(parseErrorMessage(err));
  }
  if (version) return { kind: 'version' };
  if (rest[0] === 'help') {
    const found = rest.length > 1 ? findCommand(rest.slice(1)) : null;
    if (!found && rest.length > 1 && groupMembers(rest[1]!).length) return { kind: 'help', command: null, group: rest[1] };
    return { kind: 'help', command: found?.spec ?? null };
  }
  if (rest.length === 0) {
    if (globalValues.help) return { kind: 'help', command: null };
    throw new UsageError('no command given');
  }
  const found = findCommand(rest);
  if (!found) {
    if (groupMembers(rest[0]!).length) {
      if (rest.length === 1 || rest[1] === '--help' || rest[1] === '-h') return { kind: 'help', command: null, group: rest[0] };
      throw new UsageError(`unknown command "${rest[0]} ${rest[1]}"`);
    }
    throw new UsageError(`unknown command "${rest[0]}"`);
  }
  const { spec, used } = found;
  const globals: GlobalOptions = {};
  mergeGlobals(globals, globalValues);
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest.slice(used),
      options: { ...toParseOptions(spec.options), ...GLOBAL_PARSE },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    const msg = parseErrorMessage(err);
    // `send eng "-v is broken"`: text that looks like an option must follow `--`.
    const hint = /^unknown option/.test(msg) && /TEXT/.test(spec.args) ? ' (put -- before text that starts with "-")' : '';
    throw new UsageError(`${msg}${hint}`, spec.name);
  }
  if (parsed.values.help || globalValues.help) return { kind: 'help', command: spec };
  mergeGlobals(globals, parsed.values);
  checkGlobals(globals, spec.name);
  const n = parsed.positionals.length;
  if (n < spec.minArgs) throw new UsageError(`${spec.name} needs ${spec.args}`, spec.name);
  if (n > spec.maxArgs) {
    const extra = parsed.positionals[spec.maxArgs]!;
    throw new UsageError(`${spec.name} takes ${spec.args || 'no arguments'}; unexpected "${extra}" (quote text with spaces)`, spec.name);
  }
  const values = { ...parsed.values } as Record<string, string | boolean | string[] | undefined>;
  for (const k of Object.keys(GLOBAL_OPTIONS)) delete values[k];
  return {
    kind: 'run',
    command: spec,
    globals,
    args: { values, positionals: parsed.positionals },
    json: values.json === true,
  };
}
