// How the CLI fails: exit codes (0 ok, 1 the action failed, 2 usage error) and one stderr line
// that says what to do. Engine errors arrive as ApiError-shaped objects (code + message);
// this module reads them structurally so the entry point never loads the contract (zod).

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Bad command line: unknown command or option, missing argument, bad duration… */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose --help to point at ('' = the global help). */
    readonly command = '',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The action ran and failed; the message is the whole line. */
export class CliFailure extends Error {
  constructor(message: string, readonly exitCode: number = EXIT_FAILED) {
    super(message);
    this.name = 'CliFailure';
  }
}

function apiCode(err: unknown): string | null {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return (err as { code: string }).code;
  }
  return null;
}

/** One line: newlines in an engine message are folded. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, '; ').trim();
}

/** Exit code and the stderr line for anything thrown by a command. */
export function describeError(err: unknown): { code: number; line: string } {
  if (err instanceof UsageError) {
    const help = err.command ? `tmux-orc ${err.command} --help` : 'tmux-orc --help';
    return { code: EXIT_USAGE, line: `tmux-orc: ${oneLine(err.message)}; see ${help}` };
  }
  if (err instanceof CliFailure) return { code: err.exitCode, line: `tmux-orc: ${oneLine(err.message)}` };
  const message = err instanceof Error ? err.message : String(err);
  const code = apiCode(err);
  if (code === 'bad_input') return { code: EXIT_USAGE, line: `tmux-orc: ${oneLine(message)}` };
  // Engine messages say what to do themselves (e.g. "no agent "x": see tmux-orc list").
  return { code: EXIT_FAILED, line: `tmux-orc: ${oneLine(message)}` };
}
