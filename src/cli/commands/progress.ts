// Progress on stderr while a long action runs (spawn waits for the agent to be ready): one
// line at the start, then, on a terminal, the elapsed time updated in place.
import type { CliContext } from '../context.js';

export function progress(ctx: CliContext, line: string): { done(final?: string): void } {
  const started = Date.now();
  const tty = process.stderr.isTTY === true;
  ctx.note(line);
  const timer = tty
    ? setInterval(() => process.stderr.write(`\r  waiting… ${Math.round((Date.now() - started) / 1000)}s`), 1000)
    : null;
  timer?.unref();
  return {
    done(final) {
      if (timer) {
        clearInterval(timer);
        process.stderr.write('\r\x1b[K');
      }
      if (final) ctx.note(final.replace('{s}', ((Date.now() - started) / 1000).toFixed(1)));
    },
  };
}

/**
 * `work` (a call already made) with a progress line once it is under way. Input the engine
 * refuses at once (dispatch validates before anything runs) settles before the line: its one
 * error line is all the person sees.
 */
export async function withProgress<T>(ctx: CliContext, line: string, work: Promise<T>): Promise<T> {
  const refusedAtOnce = await Promise.race([work.then(() => true, () => true), new Promise<boolean>((r) => setImmediate(() => r(false)))]);
  if (refusedAtOnce) return work;
  const p = progress(ctx, line);
  try {
    return await work;
  } finally {
    p.done();
  }
}
