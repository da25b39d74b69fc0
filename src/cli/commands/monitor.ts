// `tmux-orc monitor [--json]`: run the monitor in the foreground (holding the lease, so
// notifications, PM reports, queued messages and schedules are handled), one line per
// transition (--json: one object per line). Ctrl-C stops cleanly and releases the lease.
import type { ApiEvent } from '../../shared/api.js';
import { formatTransition, formatTransitionJson } from '../transition-format.js';
import { keepServing, untilAborted, type CliContext } from '../context.js';
import { openEngine } from '../engine.js';
import { CliFailure, EXIT_OK } from '../errors.js';

export async function run(ctx: CliContext): Promise<number> {
  const { orc, call } = await openEngine(ctx, { monitor: true });
  const stopGuard = keepServing(ctx);
  let stopped: string | null = null;
  let wake: () => void = () => undefined;
  const stoppedByEngine = new Promise<void>((resolve) => (wake = resolve));
  const onEvent = (e: ApiEvent) => {
    if (e.type === 'agentChanged' && e.transition) {
      ctx.out(ctx.json ? formatTransitionJson(e.agent, e.transition) : formatTransition(e.agent, e.transition));
    } else if (e.type === 'status') {
      if (!e.status.monitoring && !stopped) {
        stopped = orc.warnings().at(-1) ?? 'monitoring stopped';
        wake();
      }
      for (const h of e.status.hosts) ctx.note(`tmux-orc: tmux ${h.status}: ${h.message}`);
    }
  };
  const off = orc.onEvent(onEvent);
  try {
    const agents = await call('listAgents', {});
    const server = ctx.socketPath ? `-S ${ctx.socketPath}` : ctx.socketName ? `-L ${ctx.socketName}` : 'the default server';
    ctx.note(`tmux-orc: monitoring ${server}: ${agents.length} agent${agents.length === 1 ? '' : 's'}; Ctrl-C stops`);
    // Started before its server (or while a host is away): say so; it follows them as they come.
    const { hosts } = await call('getStatus', {});
    for (const h of hosts) if (h.status !== 'connected') ctx.note(`tmux-orc: tmux ${h.status}: ${h.message}; waiting for it`);
    await Promise.race([untilAborted(ctx.signal), stoppedByEngine]);
  } finally {
    off();
    stopGuard();
    await orc.close();
  }
  if (stopped) throw new CliFailure(stopped);
  return EXIT_OK;
}
