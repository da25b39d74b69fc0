// sendMessage, broadcast and sendKeys, and the queue of messages for busy agents: a queued
// message is a 'queued' row in the message log, delivered (same row) when the monitor reports
// the agent idle. Only the process that runs the queue (the monitor's lease holder) delivers.
import { ApiError, type ApiParsedInput } from '../../shared/api.js';
import type { AgentInfo, MessageLogEntry, MessageResult } from '../../shared/domain.js';
import type { AgentState, DeliveryStatus } from '../../shared/vocabulary.js';
import type { ActionContext } from './context.js';
import { listAgentsNow } from './directory.js';
import { deliver, type Outcome } from './protocol.js';
import type { Look } from './observe.js';

/** States in which typing would interrupt or answer something: queue instead (unless `now`). */
const NOT_READY: readonly AgentState[] = ['busy', 'starting', 'waiting'];

export interface QueueState {
  /** True when this process delivers queued messages (it runs the monitor). */
  running: boolean;
  /** Whether another process runs the monitor (and so delivers the queue). */
  elsewhere: () => boolean | Promise<boolean>;
  /** Agents (ids) whose queue is being delivered right now. */
  delivering: Set<string>;
}

function logRow(
  ctx: ActionContext,
  agent: AgentInfo,
  text: string,
  status: DeliveryStatus,
  reason: string,
): number | null {
  try {
    return ctx.store.messages.add({
      agent: agent.name,
      target: agent.id,
      text,
      status,
      reason,
      createdAt: ctx.now(),
    }).id;
  } catch (err) {
    ctx.warn(`message to ${agent.name} not logged: ${(err as Error).message}`);
    return null;
  }
}

function updateRow(ctx: ActionContext, row: MessageLogEntry, status: DeliveryStatus, reason: string): void {
  const id = row.id;
  ctx.delivered?.({ messageId: id, agent: row.agent, status });
  try {
    ctx.store.messages.updateStatus(id, status, reason, ctx.now());
  } catch (err) {
    ctx.warn(`message #${id} status not logged: ${(err as Error).message}`);
  }
}

function queuedFor(ctx: ActionContext, agent: AgentInfo): number {
  try {
    return ctx.store.messages.list({ target: agent.id, status: 'queued', limit: 1000 }).length;
  } catch {
    return 0;
  }
}

/** A look at an agent that must be alive to take text; throws a clear error otherwise. */
async function lookAlive(ctx: ActionContext, agent: AgentInfo): Promise<Look> {
  const l = await ctx.observer.look(agent.paneId, agent.type);
  if (!l)
    throw new ApiError('not_found', `${agent.name}: its pane ${agent.paneId} no longer exists`);
  if (l.classification.state === 'crashed')
    throw new ApiError('failed', `${agent.name} is not running (${l.classification.reason}); restart it first`);
  return l;
}

/** The protocol, with a tmux failure midway (server gone, pane killed) as a failed outcome. */
async function deliverSafely(
  ctx: ActionContext,
  agent: AgentInfo,
  text: string,
  first: Look,
): Promise<Outcome> {
  try {
    return await deliver(ctx, agent.paneId, agent.type, text, first);
  } catch (err) {
    return { status: 'failed', reason: `tmux: ${(err as Error).message}` };
  }
}

/** Minutes or seconds, for people. */
function span(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`;
}

function quoteDraft(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `"${t.length > 60 ? `${t.slice(0, 59)}…` : t}"`;
}

/** A message the engine itself sends (a briefing, a broadcast's copy): queued when the agent is busy. */
export function messageTo(agent: AgentInfo, text: string, now = false): ApiParsedInput<'sendMessage'> {
  return { target: agent.id, text, now, anyPane: false, replace: false };
}

export async function sendMessage(
  ctx: ActionContext,
  queue: QueueState,
  input: ApiParsedInput<'sendMessage'>,
  agent: AgentInfo,
): Promise<MessageResult> {
  const monitored = queue.running || (await queue.elsewhere());
  // No monitor to deliver a queue, and the caller waits (the CLI's send): wait here for idle.
  const waitMs = !input.now && !monitored ? input.waitMs : undefined;
  const deadline = ctx.now() + (waitMs ?? 0);
  let told = false;
  let toldAhead = false;
  for (;;) {
    // No monitor, and the caller waits: rows queued earlier for this agent go first, typed by
    // this sender in order as a monitor would (claimed: exactly once), never overtaken.
    const ahead = waitMs !== undefined ? queuedFor(ctx, agent) : 0;
    let busy: AgentState | null;
    if (ahead > 0) {
      if (!toldAhead) ctx.note(`${agent.name} has ${ahead} earlier message(s) queued: typing them first, in order`);
      toldAhead = true;
      const a = await typeAhead(ctx, queue, agent);
      if (a.typed) continue;
      busy = a.busy;
    } else {
      // Decide and type under the pane's lock: a second send waits, then sees the agent busy.
      const r = await ctx.locks.with(agent.paneId, () => sendLocked(ctx, agent, input.text, { now: input.now, monitored, wait: waitMs !== undefined, replace: input.replace }));
      if ('status' in r) return r;
      busy = r.busy;
    }
    const left = deadline - ctx.now();
    if (left <= 0) {
      const why = busy ? `is still ${busy}` : `still has ${ahead} earlier message(s) queued`;
      const reason = `${agent.name} ${why} after ${span(waitMs!)}: not sent (--queue leaves it to a monitor, --now types it anyway)`;
      return { status: 'failed', reason, messageId: logRow(ctx, agent, input.text, 'failed', reason) };
    }
    if (busy && !told) ctx.note(`${agent.name} is ${busy}: waiting up to ${span(waitMs!)} for it to be idle (--queue leaves it to a monitor)`);
    if (busy) told = true;
    // The lock is free while we wait: other senders (and the person) are not held up.
    if (busy) await ctx.observer.until(agent.paneId, agent.type, (l) => (!l || !NOT_READY.includes(l.classification.state) ? true : undefined), left);
    // Idle, and the row ahead was not typed (another deliverer holds it): look again at its next output.
    else await ctx.observer.tracker.next(agent.paneId, Math.min(left, ctx.timings.queuePollMs));
  }
}

/** The oldest row queued for `agent`, typed now if the agent can take it (deliverQueued: claimed, once). */
async function typeAhead(ctx: ActionContext, queue: QueueState, agent: AgentInfo): Promise<{ typed: boolean; busy: AgentState | null }> {
  // Gone or crashed: the send fails as a direct one would.
  const l = await lookAlive(ctx, agent);
  if (NOT_READY.includes(l.classification.state)) return { typed: false, busy: l.classification.state };
  const before = queuedFor(ctx, agent);
  await deliverQueued(ctx, queue, agent);
  return { typed: queuedFor(ctx, agent) < before, busy: null };
}

async function sendLocked(
  ctx: ActionContext,
  agent: AgentInfo,
  text: string,
  o: { now: boolean; monitored: boolean; wait: boolean; replace?: boolean },
): Promise<MessageResult | { busy: AgentState }> {
  const first = await lookAlive(ctx, agent);
  // With no monitor, rows queued earlier wait for one; a waiting sender has typed them first.
  const waiting = o.wait ? 0 : queuedFor(ctx, agent);
  if (!o.now && o.wait && NOT_READY.includes(first.classification.state)) return { busy: first.classification.state };
  if (!o.now && (NOT_READY.includes(first.classification.state) || waiting > 0)) {
    const why = waiting > 0 ? `${waiting} earlier message(s) queued` : `agent ${first.classification.state}`;
    const reason = o.monitored
      ? `queued (${why}): will be delivered when ${agent.name} is idle`
      : `queued (${why}): no monitor is running here, so it will be delivered when one starts (the app or tmux-orc monitor) and ${agent.name} is idle`;
    const id = logRow(ctx, agent, text, 'queued', reason);
    if (id === null)
      return {
        status: 'failed',
        reason: `${agent.name} is ${first.classification.state} and the message could not be queued (history store unavailable)`,
        messageId: null,
      };
    return { status: 'queued', reason, messageId: id };
  }
  if (agent.type !== 'generic' && first.classification.input === null && !NOT_READY.includes(first.classification.state)) {
    const reason = `no input box on screen (${first.classification.reason})`;
    return { status: 'failed', reason, messageId: logRow(ctx, agent, text, 'failed', reason) };
  }
  // Typing clears the box first: the person's unsent draft would be lost without a word.
  if (first.classification.input && !o.replace)
    throw new ApiError('conflict', `${agent.name} has unsent text in its input box (${quoteDraft(first.classification.input)}): nothing typed; replace it (--replace) or submit it first`);
  const out = await deliverSafely(ctx, agent, text, first);
  return { ...out, messageId: logRow(ctx, agent, text, out.status, out.reason) };
}

/**
 * Deliver queued messages to agents that can take them now; one message per agent per call
 * (the agent goes busy; the next waits for the next idle). Rows for agents gone or older than
 * the limit are closed as failed. Returns how many were delivered.
 */
export async function deliverQueued(
  ctx: ActionContext,
  queue: QueueState,
  only?: AgentInfo,
): Promise<number> {
  let rows;
  try {
    rows = ctx.store.messages
      .list({ status: 'queued', limit: 1000, ...(only ? { target: only.id } : {}) })
      // ctx.store is this server's view: rows queued for another server (whose panes may
      // share ids and names with ours) are never read here.
      .reverse();
  } catch (err) {
    ctx.warn(`queued messages not readable: ${(err as Error).message}`);
    return 0;
  }
  if (rows.length === 0) return 0;
  const agents = only ? [only] : await listAgentsNow(ctx.conn, ctx.host);
  const byId = new Map(agents.map((a) => [a.id, a]));
  const firstPerAgent = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    if (ctx.now() - row.createdAt > ctx.timings.queueMaxAgeMs) {
      updateRow(
        ctx,
        row,
        'failed',
        `gave up: still queued after ${Math.round(ctx.timings.queueMaxAgeMs / 3_600_000)} h`,
      );
      continue;
    }
    if (!byId.has(row.target)) {
      if (!only && ctx.conn.status === 'connected')
        updateRow(ctx, row, 'failed', `not delivered: ${row.agent} is gone`);
      continue;
    }
    if (!firstPerAgent.has(row.target)) firstPerAgent.set(row.target, row);
  }
  const results = await Promise.all(
    [...firstPerAgent].map(async ([id, row]) => {
      const agent = byId.get(id)!;
      if (queue.delivering.has(id)) return 0;
      queue.delivering.add(id);
      try {
        return await ctx.locks.with(agent.paneId, () => deliverRow(ctx, agent, row));
      } catch (err) {
        updateRow(ctx, row, 'failed', `not delivered: ${(err as Error).message}`);
        return 0;
      } finally {
        queue.delivering.delete(id);
      }
    }),
  );
  return results.reduce<number>((a, b) => a + b, 0);
}

/** One queued row, if the agent can take it now (still queued otherwise). */
async function deliverRow(
  ctx: ActionContext,
  agent: AgentInfo,
  row: MessageLogEntry,
): Promise<number> {
  const l = await ctx.observer.look(agent.paneId, agent.type);
  if (!l) return 0;
  if (l.classification.state === 'crashed') {
    updateRow(ctx, row, 'failed', `not delivered: ${agent.name} is not running (${l.classification.reason})`);
    return 0;
  }
  if (NOT_READY.includes(l.classification.state)) return 0;
  // Claimed under the pane lock just before typing: a row cancelled meanwhile is never typed,
  // and once claimed it can no longer be cancelled (until the claim is stale: its deliverer died).
  const claim = ctx.store.messages.claim(row.id, ctx.now());
  if (!claim.claimed) return 0;
  const out = await deliverSafely(ctx, agent, row.text, l);
  const retyped = claim.tookOverFrom ? `; typed again: ${claim.tookOverFrom} stopped while typing it` : '';
  updateRow(ctx, row, out.status, `${out.reason} (was queued${retyped})`);
  return out.status === 'delivered' ? 1 : 0;
}

export async function broadcast(
  ctx: ActionContext,
  queue: QueueState,
  p: ApiParsedInput<'broadcast'>,
): Promise<{ target: string; result: MessageResult }[]> {
  const agents = (await ctx.directory.list()).filter((a) => p.all || a.team === p.team);
  if (agents.length === 0)
    throw new ApiError(
      'not_found',
      p.all ? 'no agents to broadcast to' : `no agents in team "${p.team}"`,
    );
  return Promise.all(
    agents.map(async (a) => {
      try {
        return {
          target: a.name,
          result: await sendMessage(ctx, queue, messageTo(a, p.text, p.now), a),
        };
      } catch (err) {
        return {
          target: a.name,
          result: { status: 'failed' as const, reason: (err as Error).message, messageId: null },
        };
      }
    }),
  );
}

/** Friendly names a person types, mapped to tmux key names. */
const KEY_ALIASES: Record<string, string> = {
  esc: 'Escape',
  escape: 'Escape',
  enter: 'Enter',
  return: 'Enter',
  tab: 'Tab',
  space: 'Space',
  up: 'Up',
  down: 'Down',
  left: 'Left',
  right: 'Right',
  backspace: 'BSpace',
};

export function tmuxKey(key: string): string {
  return KEY_ALIASES[key.toLowerCase()] ?? key;
}

export async function sendKeys(ctx: ActionContext, p: ApiParsedInput<'sendKeys'>, agent: AgentInfo): Promise<{ ok: true }> {
  return ctx.locks.with(agent.paneId, async () => {
    await lookAlive(ctx, agent);
    await ctx.conn.sendKeys(agent.paneId, p.keys.map(tmuxKey));
    return { ok: true as const };
  });
}
