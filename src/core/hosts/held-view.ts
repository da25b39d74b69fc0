// The connection as a remote host's monitor sees it. The monitor forgets every agent when its
// connection reports `disconnected` — right for a local server, whose death ends its panes,
// wrong for an ssh link that dropped: the remote server and its agents live on. This view
// reports a lost link as `connecting` instead, so the monitor keeps its registry (states,
// hashes, history) and, once `connected` comes back, reconciles: panes that really went are
// removed, screens that changed are classified, the rest stay as they were. `no_server` (the
// remote tmux server itself is gone) passes through unchanged.
import { EventEmitter } from 'node:events';
import type { ConnectionStatus } from '../../shared/domain.js';
import type { TmuxConnection, TmuxConnectionEvents } from '../tmux/index.js';

type Listener<K extends keyof TmuxConnectionEvents> = (...args: TmuxConnectionEvents[K]) => void;

/** What a view needs of the real connection (TmuxConnection fits; unit tests pass fakes). */
export interface ViewableConnection {
  readonly status: ConnectionStatus;
  readonly statusMessage: string;
  on<K extends keyof TmuxConnectionEvents>(event: K, listener: Listener<K>): unknown;
  off<K extends keyof TmuxConnectionEvents>(event: K, listener: Listener<K>): unknown;
  runAll: TmuxConnection['runAll'];
  runSettled: TmuxConnection['runSettled'];
}

type Forwarded = Exclude<keyof TmuxConnectionEvents, 'status'>;
const FORWARDED: readonly Forwarded[] = ['output', 'topology', 'pane-facts', 'pane-paused', 'pane-continued', 'pane-mode-changed', 'notification'];

/** A lost link reads as a reconnect in progress; everything else as it is. */
export function heldStatus(status: ConnectionStatus): ConnectionStatus {
  return status === 'disconnected' || status === 'error' ? 'connecting' : status;
}

export class HeldConnectionView extends EventEmitter<TmuxConnectionEvents> {
  private readonly stops: (() => void)[] = [];
  private lastStatus: ConnectionStatus;

  constructor(private readonly real: ViewableConnection) {
    super();
    this.lastStatus = heldStatus(real.status);
    for (const name of FORWARDED) {
      const fwd = (...args: unknown[]) => (this.emit as (n: string, ...a: unknown[]) => boolean)(name, ...args);
      real.on(name, fwd);
      this.stops.push(() => real.off(name, fwd));
    }
    const onStatus = (s: { status: ConnectionStatus; message: string }) => {
      const status = heldStatus(s.status);
      if (status === this.lastStatus && status !== 'connected') return;
      this.lastStatus = status;
      this.emit('status', { status, message: s.message });
    };
    real.on('status', onStatus);
    this.stops.push(() => real.off('status', onStatus));
  }

  get status(): ConnectionStatus {
    return heldStatus(this.real.status);
  }

  get statusMessage(): string {
    return this.real.statusMessage;
  }

  runAll(...args: Parameters<TmuxConnection['runAll']>): ReturnType<TmuxConnection['runAll']> {
    return this.real.runAll(...args);
  }

  runSettled(...args: Parameters<TmuxConnection['runSettled']>): ReturnType<TmuxConnection['runSettled']> {
    return this.real.runSettled(...args);
  }

  /** Stop forwarding (the view's listeners stay attached to nothing). */
  detach(): void {
    for (const stop of this.stops.splice(0)) stop();
  }
}
