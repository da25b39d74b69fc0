// Pane facts by format subscription (`refresh-client -B`): one subscription per window of a
// control client's session, its value every pane's facts (a `#{P:…}` loop), kept in step as
// windows come and go.
//
// Why not one session-wide `%*` subscription: tmux 3.3a–3.6 check a client's subscriptions once
// a second and, for `%*` (and session or `@*` ones), read the client's session without checking
// it — and a control client whose session was destroyed has none until it has exited. A loaded
// machine holds our client in that gap, and the whole server crashes with every session in it
// (tmux issue 4916, fixed in 3.7; test/core/tmux/lifecycle.test.ts holds a client there with
// SIGSTOP). A subscription to one window (`@N`) only compares the window's links with the
// session, so it is safe; one to a pane (`%N`) is too, but never reports a dead pane.

import type { ControlClient } from './client.js';
import type { PaneFactsEvent } from './connection-types.js';
import { commandLine } from './quote.js';
import { formatOf, PANE_TAG_FIELDS, splitFields } from './vocabulary.js';
import { Coalesced } from './coalesced.js';
import type { NotificationKind } from './notifications.js';

const FACTS_SUBSCRIPTION = 'orc-pane-facts';
const FACTS_FIELDS = ['pane_id', 'pane_current_command', 'pane_dead', ...PANE_TAG_FIELDS];
/** Between panes' records in a window's value (fields within one are FIELD_SEP apart). */
const RECORD_SEP = '\x1e';
const WINDOW_FORMAT = `#{P:${formatOf(FACTS_FIELDS)}${RECORD_SEP}}`;
const LIST_OWN_WINDOWS = commandLine(['list-windows', '-F', '#{window_id}']);

/** Notifications (to a client) after which the windows of its session may differ. */
export const WINDOWS_CHANGED: ReadonlySet<NotificationKind> = new Set([
  'window-add', 'window-close', 'unlinked-window-add', 'unlinked-window-close', 'session-changed',
]);

/** The facts subscriptions of one control client. */
export class FactsSubscriptions {
  private subscribed = new Set<string>();
  /** The last record of each pane, by window: only a changed record is news. */
  private readonly lastRecords = new Map<string, Map<string, string>>();
  private readonly syncing = new Coalesced(() => this.sync());

  constructor(private readonly client: ControlClient) {}

  /**
   * The facts of each pane whose record changed, from a subscription-changed notification;
   * [] when it is not one of ours.
   */
  changedFacts(name: string, windowId: string, value: string): PaneFactsEvent[] {
    if (name !== `${FACTS_SUBSCRIPTION}-${windowId}` || !this.subscribed.has(windowId)) return [];
    const last = this.lastRecords.get(windowId) ?? new Map<string, string>();
    const now = new Map<string, string>();
    const changed: PaneFactsEvent[] = [];
    for (const record of value.split(RECORD_SEP)) {
      const [paneId = '', command = '', dead = '', orcName = '', orcType = '', orcRole = '', orcTeam = ''] = splitFields(record, FACTS_FIELDS.length);
      if (!/^%\d+$/.test(paneId)) continue;
      now.set(paneId, record);
      if (last.get(paneId) !== record) changed.push({ paneId, command, dead: dead === '1', orcName, orcType, orcRole, orcTeam });
    }
    this.lastRecords.set(windowId, now);
    return changed;
  }

  /**
   * Subscribe to the windows now in the client's session and drop the ones gone. Serialised and
   * coalesced; best effort (the client may be exiting: facts are then seen at the next listing).
   */
  refresh(): void {
    this.syncing.request();
  }

  private async sync(): Promise<void> {
    if (!this.client.alive) return;
    // Without a target, a control client's command lists its own session.
    const windows = new Set(await this.client.send([LIST_OWN_WINDOWS])[0]!);
    const changes: string[] = [];
    for (const w of windows) {
      if (!this.subscribed.has(w)) changes.push(commandLine(['refresh-client', '-B', `${FACTS_SUBSCRIPTION}-${w}:${w}:${WINDOW_FORMAT}`]));
    }
    // Naming a subscription without a format removes it: the set stays bounded by the windows.
    for (const w of this.subscribed) {
      if (windows.has(w)) continue;
      changes.push(commandLine(['refresh-client', '-B', `${FACTS_SUBSCRIPTION}-${w}`]));
      this.lastRecords.delete(w);
    }
    if (changes.length === 0) return;
    this.subscribed = windows;
    await Promise.all(this.client.send(changes));
  }
}
