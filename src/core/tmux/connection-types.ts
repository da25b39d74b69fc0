// What a TmuxConnection takes and tells: its options and the events it emits.
import type { ConnectionStatus } from '../../shared/domain.js';
import type { TmuxTarget } from './once.js';
import type { TmuxNotification } from './notifications.js';

export interface ConnectOptions extends TmuxTarget {
  /** Per-command timeout (default 10 s). */
  commandTimeoutMs?: number;
  /** Flow control: a pane whose output is this many seconds behind is paused (default 5). */
  pauseAfterSec?: number;
  /** Which sessions get a control client, i.e. output events (default: all). */
  watchSession?: (session: { id: string; name: string }) => boolean;
  /** How long the session list stays still before a new session gets its control client (default 150 ms; see syncSessionsSoon). */
  sessionSettleMs?: number;
  /** Reconnect backoff bounds in ms (default 200 … 5000). */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

/** A pane printed: the engine only needs to know which pane, and how much (nothing is decoded). */
export interface OutputEvent {
  paneId: string;
  /** Bytes the pane wrote (tmux's escaping undone in the count, not in the data). */
  bytes: number;
}

/** What a pane printed, as text: decoded only while someone listens to 'output-text'. */
export interface OutputTextEvent {
  paneId: string;
  /** A UTF-8 character split across %output lines is emitted whole. */
  text: string;
}

/**
 * A pane's facts as tmux reported them through the connection's format subscription: sent when
 * they change (tmux checks subscriptions once a second), including changes no other
 * notification tells of — a pane tagged after it was created, an agent that exited without
 * printing, a pane that died. Also sent once for every pane when a control client attaches.
 */
export interface PaneFactsEvent {
  paneId: string;
  /** `pane_current_command`. */
  command: string;
  dead: boolean;
  orcName: string;
  orcType: string;
  orcRole: string;
  orcTeam: string;
}

export interface TopologyEvent {
  /** The notification kinds that caused it (coalesced within one tick). */
  reasons: string[];
}

export interface TmuxConnectionEvents {
  status: [{ status: ConnectionStatus; message: string }];
  output: [OutputEvent];
  /** Decoded output, for tools that read it (tests, benches); costs a decode per %output line. */
  'output-text': [OutputTextEvent];
  topology: [TopologyEvent];
  'pane-facts': [PaneFactsEvent];
  'pane-paused': [{ paneId: string }];
  /** Output resumed after a pause: what happened meanwhile was dropped, so re-capture. */
  'pane-continued': [{ paneId: string }];
  'pane-mode-changed': [{ paneId: string }];
  /** Every notification, raw, for consumers that want more. */
  notification: [TmuxNotification];
}

export interface RunOptions {
  timeoutMs?: number;
}
