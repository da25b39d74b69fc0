// The local server's monitor lease kept on the tmux server itself (monitor/server-lease.ts):
// taken when this process starts monitoring, given up when it stops or the server moves.
import { LOCAL_HOST } from '../hosts/index.js';
import { ServerLease, type TmuxRun } from '../monitor/index.js';
import { serverKey } from '../store/index.js';
import { runTmuxOnce } from '../tmux/index.js';
import type { Server } from './options.js';

export interface ServerClaimDeps {
  server: () => Server;
  /** Who holds it, as a second monitor is told. */
  app: () => string;
  onLost: (reason: string) => void;
}

export class ServerClaim {
  private current: { key: string; lease: ServerLease } | null = null;

  constructor(private readonly d: ServerClaimDeps) {}

  /**
   * Take (monitor) or give up (!monitor) the lease. Returns the refusal when another live
   * monitor holds it (whatever database it uses); a server not running yet is claimed by the
   * lease's heartbeat once it is there.
   */
  async claim(monitor: boolean): Promise<Error | null> {
    const key = serverKey({ host: LOCAL_HOST, ...this.d.server() });
    if (this.current && (!monitor || this.current.key !== key || !this.current.lease.held)) await this.release();
    if (!monitor || this.current) return null;
    const lease = new ServerLease((args) => runTmuxOnce(this.d.server(), args), { app: this.d.app(), server: key, onLost: this.d.onLost });
    try {
      await lease.acquire();
    } catch (err) {
      if ((err as { code?: unknown }).code === 'conflict') return err as Error;
      // No server yet (or not reachable): the heartbeat takes the lease when it comes.
    }
    this.current = { key, lease };
    lease.start();
    return null;
  }

  /** Beats go through `run` (the control connection while the fleet is up: no process per beat). */
  useRunner(run: TmuxRun): void {
    this.current?.lease.useRunner(run);
  }

  /** The local server came (back): claim the lease now rather than at the next beat. */
  onConnected(): void {
    const lease = this.current?.lease;
    if (lease && !lease.held) void lease.beat();
  }

  /** Never throws. */
  async release(): Promise<void> {
    const current = this.current;
    this.current = null;
    await current?.lease.release();
  }
}
