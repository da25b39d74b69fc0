// The key of a tmux server in the store (where the history file lives: core/paths.ts).
import type { ServerRef } from '../../shared/domain.js';
import { ServerIdentity } from '../tmux/index.js';

/**
 * The key of a tmux server in the store: its ServerIdentity's key (`local:/tmp/tmux-1000/work`),
 * the same however the server was named (-L, -S, $TMUX, default).
 */
export function serverKey(ref: ServerRef): string {
  return ServerIdentity.of(ref).key();
}
