// Help text, generated from the command table.
import { COMMANDS, GLOBAL_OPTIONS } from './spec.js';
import type { CommandSpec, OptionSpec } from './spec-types.js';

function optionLine(name: string, o: OptionSpec): [string, string] {
  const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.arg ? ` ${o.arg}` : ''}`;
  return [flag, o.help];
}

function columns(rows: [string, string][], indent = 2): string {
  const w = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `${' '.repeat(indent)}${a.padEnd(w)}  ${b}`).join('\n');
}

export function globalHelp(version: string): string {
  const cmds = COMMANDS.map((c): [string, string] => [`${c.name}${c.args ? ` ${c.args}` : ''}`, c.summary]);
  const aliases = COMMANDS.flatMap((c) => (c.aliases ?? []).map((a) => `${a} = ${c.name}`));
  return [
    `tmux-orc ${version}: run and supervise AI coding agents in tmux`,
    '',
    'Usage: tmux-orc [-L NAME | -S PATH] [--db PATH] COMMAND [ARGS] [--json] [--help]',
    '',
    'Commands:',
    columns(cmds),
    '',
    'Global options:',
    columns([...Object.entries(GLOBAL_OPTIONS).map(([n, o]) => optionLine(n, o)), ['-V, --version', 'print the version']]),
    '',
    'Server: -L/-S as given; inside tmux, the server it runs in ($TMUX); else the default server.',
    'Targets: an agent name, session:window, session:window.pane or a pane id (%12).',
    'Exit codes: 0 ok, 1 the action failed, 2 usage error (the reason is one line on stderr).',
    ...(aliases.length ? ['', `Aliases: ${aliases.join(', ')}`] : []),
    '',
    'Example: tmux-orc -L work list --json',
    'Run `tmux-orc COMMAND --help` for a command’s options and examples.',
    '',
  ].join('\n');
}

/** The other commands of a command's group (`schedule` → `schedule list`, `schedule cancel`). */
function related(c: CommandSpec): string[] {
  const word = c.name.split(' ')[0]!;
  return COMMANDS.filter((o) => o !== c && (o.name === word || o.name.startsWith(`${word} `))).map(
    (o) => `tmux-orc ${o.name}${o.args ? ` ${o.args}` : ''}`,
  );
}

export function commandHelp(c: CommandSpec): string {
  const opts = Object.entries(c.options).map(([n, o]) => optionLine(n, o));
  const also = related(c);
  return [
    `Usage: tmux-orc ${c.name}${Object.keys(c.options).length ? ' [OPTIONS]' : ''}${c.args ? ` ${c.args}` : ''}`,
    '',
    `${c.summary[0]!.toUpperCase()}${c.summary.slice(1)}.`,
    ...(c.notes?.length ? ['', ...c.notes] : []),
    ...(opts.length ? ['', 'Options:', columns(opts)] : []),
    ...(c.aliases?.length ? ['', `Also: ${c.aliases.map((a) => `tmux-orc ${a}`).join(', ')}`] : []),
    ...(also.length ? ['', 'See also:', ...also.map((a) => `  ${a}`)] : []),
    '',
    c.examples.length > 1 ? 'Examples:' : 'Example:',
    ...c.examples.map((e) => `  ${e}`),
    '',
    'Global options: -L NAME | -S PATH (tmux server), --db PATH (history database).',
    '',
  ].join('\n');
}

/** How a command is spelled within a group: `agent send` for send's alias. */
function spelling(c: CommandSpec, word: string): string {
  return c.name.startsWith(`${word} `) ? c.name : (c.aliases?.find((a) => a.startsWith(`${word} `)) ?? c.name);
}

/** Help for a group word such as `team` or `schedule`. */
export function groupHelp(word: string, members: readonly CommandSpec[]): string {
  return [
    `Usage: tmux-orc ${word} SUBCOMMAND …`,
    '',
    columns(members.map((c): [string, string] => [`${spelling(c, word)}${c.args ? ` ${c.args}` : ''}`, c.summary])),
    '',
    `Run \`tmux-orc ${members[0] ? spelling(members[0], word) : word} --help\` for details.`,
    '',
  ].join('\n');
}
