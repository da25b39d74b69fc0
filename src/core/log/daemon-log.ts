// The daemons' structured log: JSON lines (pino) in the data directory, rotated by size
// (rotating-file-stream) so it stays bounded. pino's own transports run in worker threads that
// esbuild's single-file CLI bundle cannot load, so pino formats in-process and writes to the stream.
import { mkdirSync } from 'node:fs';
import { pino, type Logger } from 'pino';
import { createStream } from 'rotating-file-stream';

export interface DaemonLogOptions {
  /** The directory the log files live in (the store's directory). */
  dir: string;
  /** File name, e.g. `monitor.log`; rotated copies are `monitor.log.1`, `.2`… */
  file: string;
  /** Size at which the file rotates (rotating-file-stream units: '5M', '10K'). */
  size?: string;
  /** Rotated files kept besides the live one. */
  maxFiles?: number;
  /** Said once when the log cannot be written; the daemon carries on without it. */
  warn: (message: string) => void;
}

export const LOG_SIZE_ENV = 'ORC_LOG_SIZE';

export function openDaemonLog(o: DaemonLogOptions): Logger {
  let warned = false;
  const cannot = (err: unknown) => {
    if (warned) return;
    warned = true;
    o.warn(`the log in ${o.dir} cannot be written (${(err as Error).message}); running without it`);
  };
  try {
    mkdirSync(o.dir, { recursive: true });
    const stream = createStream(o.file, {
      path: o.dir,
      size: o.size ?? process.env[LOG_SIZE_ENV] ?? '5M',
      // Classic rotation: monitor.log, monitor.log.1 … monitor.log.N, the oldest dropped.
      rotate: o.maxFiles ?? 3,
    });
    stream.on('error', cannot);
    return pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, stream);
  } catch (err) {
    cannot(err);
    return pino({ enabled: false });
  }
}
