// What every command receives: the tmux server and database chosen by the global options,
// output helpers, and an AbortSignal that Ctrl-C (SIGINT/SIGTERM) fires.

export interface CliContext {
  /** `-L NAME`. */
  readonly socketName?: string;
  /** `-S PATH`. */
  readonly socketPath?: string;
  /** `--db PATH`, else $ORC_DB, else the default location. */
  readonly dbPath: string;
  /** `--json` was given (read commands). */
  readonly json: boolean;
  /** Fired on SIGINT / SIGTERM: long-running commands stop cleanly. */
  readonly signal: AbortSignal;
  /** Write one or more lines to stdout. */
  out(text: string): void;
  /** Write one line to stderr (progress, notes, warnings). */
  note(text: string): void;
  /** Whether stdout is a terminal (tables vs plain). */
  readonly tty: boolean;
}

export interface GlobalOptions {
  socketName?: string;
  socketPath?: string;
  db?: string;
}

export function createContext(g: GlobalOptions, dbPath: string, json: boolean, signal: AbortSignal): CliContext {
  return {
    socketName: g.socketPath ? undefined : g.socketName,
    socketPath: g.socketPath,
    dbPath,
    json,
    signal,
    tty: process.stdout.isTTY === true,
    out: (text) => {
      process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    note: (text) => {
      process.stderr.write(`${text}\n`);
    },
  };
}

/**
 * Resolves when Ctrl-C (or SIGTERM) fired: what long-running commands wait on. Until then it
 * keeps the process alive by itself: with the tmux server gone nothing else may hold the event
 * loop (the reconnect timer is unref'd), and Node would exit 0 in the middle of monitoring.
 */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const keepAlive = setInterval(() => undefined, 1 << 30);
    signal.addEventListener(
      'abort',
      () => {
        clearInterval(keepAlive);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * For the long-running commands: an error nothing caught (a descriptor limit reached in a timer,
 * a socket reset mid-write) is one stderr line and the process keeps serving; the daemon's
 * whole point is to outlive faults. Returns the uninstall.
 */
export function keepServing(ctx: CliContext): () => void {
  const report = (err: unknown) => ctx.note(`tmux-orc: error (still running): ${err instanceof Error ? err.message : String(err)}`);
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
  return () => {
    process.off('uncaughtException', report);
    process.off('unhandledRejection', report);
  };
}
