// The shape of a command in the table (spec.ts) and what a command module exports.
import type { CliContext } from './context.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder shown in help, e.g. NAME. */
  arg?: string;
  /** The allowed values, when fixed (shown in help, offered by completion). */
  values?: readonly string[];
  /** Completion offers file names for this option. */
  file?: boolean;
  help: string;
}

export interface CommandArgs {
  values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  positionals: readonly string[];
}

export interface CommandModule {
  run(ctx: CliContext, args: CommandArgs): Promise<number>;
}

export interface CommandSpec {
  /** Canonical name, one or two words: 'send', 'schedule list'. */
  name: string;
  /** Other spellings that run this command: 'agent send'. */
  aliases?: readonly string[];
  summary: string;
  /** Positional arguments as shown in help: 'TARGET TEXT|-'. */
  args: string;
  minArgs: number;
  maxArgs: number;
  options: Readonly<Record<string, OptionSpec>>;
  examples: readonly string[];
  notes?: readonly string[];
  load(): Promise<CommandModule>;
}
