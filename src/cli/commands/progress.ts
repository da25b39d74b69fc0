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
