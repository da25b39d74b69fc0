// Every tmux command line is built here, for the control connection and the one-shot path alike.
//
// tmux's command parser (cmd-parse.y, 3.2+) gives meaning to `;`, `\`, `$`, `~`, `#`, `{}`,
// quotes and whitespace. Bare words are only used when they hold nothing special; anything else
// is double-quoted, where the parser understands exactly these escapes: `\\`, `\"`, `\$` and
// octal `\ooo`. A leading `~` (expanded even inside quotes) and control characters (including
// newline: control mode reads one command per line) are written as octal, so a command is
// always one physical line. `#{...}` is not expanded by
// the parser itself, only by commands that take formats, so quoting keeps it literal for
// send-keys -l and set-buffer.

const BARE = /^[A-Za-z0-9_.,:/@%+^-]+$/;

export class TmuxArgumentError extends Error {
  override name = 'TmuxArgumentError';
}

/** One argument as tmux's parser must see it. */
export function quoteArg(arg: string): string {
  if (arg.includes('\0')) throw new TmuxArgumentError('tmux arguments cannot contain a NUL character');
  // A bare word starting with `%` is a parser directive (%if, %hidden…) unless it is all digits
  // after the `%` (a pane id), so `%0:continue` must be quoted.
  if (BARE.test(arg) && (!arg.startsWith('%') || /^%\d+$/.test(arg))) return arg;
  // A leading `~` is expanded to $HOME even inside double quotes; as octal it is not.
  let out = arg.startsWith('~') ? '"\\176' : '"';
  for (const ch of arg.startsWith('~') ? arg.slice(1) : arg) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\' || ch === '"' || ch === '$') out += '\\' + ch;
    else if (code < 0x20 || code === 0x7f) out += '\\' + code.toString(8).padStart(3, '0');
    else out += ch;
  }
  return out + '"';
}

/**
 * One command as one line (without the trailing newline). Throws on an empty command: an empty
 * line sent to a control client detaches it.
 */
export function commandLine(args: readonly string[]): string {
  if (args.length === 0 || args[0] === '') throw new TmuxArgumentError('empty tmux command');
  return (args[0] === 'if-shell' ? ifShellArgs(args) : args).map(quoteArg).join(' ');
}

/** What `if-shell` runs when its condition is false and no else branch is given: nothing visible. */
const IF_SHELL_NOTHING = 'display-message -p ""';

/**
 * tmux answers `if-shell` in control mode with a block of its own and then one block per command
 * of the branch it ran (the branch is queued as a command of its own). So a reply queue stays in
 * step only if exactly one command runs either way: each branch must be a single command, and a
 * missing else branch becomes one that does nothing. `-b` (branch run later, out of order) is
 * refused.
 */
function ifShellArgs(args: readonly string[]): readonly string[] {
  let i = 1;
  for (; i < args.length && args[i]!.startsWith('-'); i++) {
    if (args[i] === '-t') i++;
    else if (args[i] !== '-F') throw new TmuxArgumentError(`if-shell: flag ${args[i]} is not supported here (only -F and -t)`);
  }
  const [condition, then, otherwise, ...more] = args.slice(i);
  if (condition === undefined || then === undefined || more.length) throw new TmuxArgumentError('if-shell takes a condition, a command and an optional else command');
  for (const branch of [then, otherwise ?? '']) {
    if (/[;\n]/.test(branch)) throw new TmuxArgumentError(`if-shell: a branch must be one command (no ; or newline): ${branch.slice(0, 80)}`);
  }
  return otherwise === undefined ? [...args, IF_SHELL_NOTHING] : args;
}

/** How many reply blocks tmux writes for one command line built by commandLine. */
export function replyBlocksOf(line: string): number {
  return line.startsWith('if-shell ') ? 2 : 1;
}

/** POSIX shell quoting, for commands run through a remote shell (`ssh host tmux …`). */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
