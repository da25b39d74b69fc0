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
  return args.map(quoteArg).join(' ');
}

/** POSIX shell quoting, for commands run through a remote shell (`ssh host tmux …`). */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
