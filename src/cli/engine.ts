// The engine for commands that need tmux: an orchestrator in one-shot mode (or monitoring,
// for `monitor` and `serve`), called through the contract's dispatch so every input is
// validated exactly as IPC and the web validate it.
import { callerOf, type ApiCall } from '../shared/api.js';
import { createOrchestrator, createStoreEngine, type Orchestrator } from '../core/orchestrator.js';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { logEngineStatus, openDaemonLog } from '../core/log/index.js';
import type { CliContext } from './context.js';

export type Call = ApiCall;

export interface EngineOptions {
  monitor?: boolean;
  shell?: 'cli' | 'web';
}

export async function openEngine(ctx: CliContext, o: EngineOptions = {}): Promise<{ orc: Orchestrator; call: Call }> {
  // Warnings while starting are held back: when the start fails, its error line says it all.
  let held: string[] | null = [];
  // Daemons (monitor, serve) keep a structured log next to the store; one-shots do not.
  const log = o.monitor ? daemonLog(ctx, o.shell === 'web' ? 'serve.log' : 'monitor.log') : null;
  const warn = (m: string) => {
    log?.warn({ event: 'warning' }, m);
    if (held) held.push(m);
    else ctx.note(`tmux-orc: warning: ${m}`);
  };
  let orc: Orchestrator;
  try {
    orc = await createOrchestrator({
      socketName: ctx.socketName,
      socketPath: ctx.socketPath,
      dbPath: ctx.dbPath,
      monitor: o.monitor ?? false,
      shell: o.shell ?? 'cli',
      onWarning: (m) => warn(m),
      onNotice: (m) => ctx.note(`tmux-orc: ${m}`),
      onDelivery: log ? (d) => log.info({ event: 'delivery', ...d }) : undefined,
    });
  } catch (err) {
    log?.error({ event: 'start failed' }, err instanceof Error ? err.message : String(err));
    const line = err instanceof Error ? err.message : String(err);
    for (const w of held) if (!line.includes(w) && !w.includes(line)) ctx.note(`tmux-orc: warning: ${w}`);
    throw err;
  }
  const early = held;
  held = null;
  for (const w of early) warn(w);
  if (log) logEngineStatus(orc, log);
  return { orc, call: callerOf(orc.handlers) };
}

/** One-shot: open, run, close (also when `fn` throws). */
export async function withEngine<T>(ctx: CliContext, fn: (call: Call, orc: Orchestrator) => Promise<T>): Promise<T> {
  const { orc, call } = await openEngine(ctx);
  try {
    return await fn(call, orc);
  } finally {
    await orc.close();
  }
}

/**
 * One-shot on the history store alone (history, notifications, review): the same contract and
 * dispatch, no tmux. Opened as a reader unless `write` (marking notifications read).
 */
export async function withStoreEngine<T>(ctx: CliContext, fn: (call: Call) => Promise<T>, o: { write?: boolean } = {}): Promise<T> {
  const engine = createStoreEngine({ dbPath: ctx.dbPath, write: o.write, onWarning: (w) => ctx.note(`tmux-orc: ${w}`) });
  try {
    return await fn(callerOf(engine.handlers));
  } finally {
    await engine.close();
  }
}

function daemonLog(ctx: CliContext, file: string): Logger {
  const log = openDaemonLog({ dir: dirname(ctx.dbPath), file, warn: (m) => ctx.note(`tmux-orc: warning: ${m}`) });
  log.info({ event: 'start', server: ctx.socketPath ?? ctx.socketName ?? 'default' });
  return log;
}
