// The desktop app's log as the main process sees it: what the shell reports (the engine failing
// to start or to close, a setting that could not act) and errors nothing caught. The file itself
// (desktop.log, rotated JSON lines next to the store) is opened at the wiring point
// (create-engine.ts); tests hand in any object with these methods.

/** pino's call shape: structured fields first, then the message. */
type LogCall = (fields: Record<string, unknown>, message?: string) => void;

export interface DesktopLog {
  info: LogCall;
  warn: LogCall;
  error: LogCall;
}

/** Said on stderr (a terminal that started the app) and written to the log. */
export function report(log: DesktopLog | undefined, level: 'warn' | 'error', event: string, message: string): void {
  if (level === 'error') console.error(message);
  else console.warn(message);
  log?.[level]({ event }, message);
}

const describe = (err: unknown): { message: string; stack?: string } =>
  err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) };

/**
 * Errors nothing caught in main (an exception from a timer or an event handler, a rejected
 * promise nobody awaited) are logged with their stack, and the app keeps running: the engine
 * behind it keeps watching the fleet. Returns the uninstall.
 */
export function logUncaught(log: DesktopLog, proc: Pick<NodeJS.Process, 'on' | 'off'> = process): () => void {
  const logging = (event: string, what: string) => (err: unknown): void => {
    const { message, stack } = describe(err);
    report(log, 'error', event, `Tmux Orchestrator: ${what} in the main process: ${message}`);
    if (stack) log.error({ event, stack });
  };
  const onException = logging('uncaught exception', 'uncaught exception');
  const onRejection = logging('unhandled rejection', 'unhandled promise rejection');
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}
