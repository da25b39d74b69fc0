// Scheduled check-ins: `schedule(target, text, at | inMs | everyMs)` persisted in the store.
// The runner (started by whoever holds the monitor lease) keeps ONE timer, set to the next due
// time — no polling loop — and re-arms it whenever the schedule list changes. At start it
// delivers what came due while nothing ran, once, with a note saying it is late; a repeating
// schedule then moves on to its next time after now (missed repeats are not replayed).
import { ApiError, type ApiParsedInput } from '../../shared/api.js';
import type { MessageResult, ScheduleRecord } from '../../shared/domain.js';
import type { Store } from '../store/index.js';

export type ScheduleInput = ApiParsedInput<'schedule'>;

export interface SchedulerOptions {
  store: Store;
  /**
   * The key of the tmux server these schedules belong to (ServerIdentity): schedules are stored
   * with it and only this server's are run, whatever else shares the database.
   */
  server?: () => string;
  /** Deliver one message (actions.sendMessage); a busy agent's message is queued as usual. */
  send: (target: string, text: string) => Promise<MessageResult>;
  now?: () => number;
  /** Check that a target exists when scheduling (throws not_found/ambiguous). */
  resolve?: (target: string) => Promise<unknown>;
  /** A delivery counts as late when it runs this long after its time (default 60 s). */
  lateAfterMs?: number;
  /** Every delivery's outcome (for logs and tests). */
  onDelivered?: (s: ScheduleRecord, result: MessageResult, late: boolean) => void;
  warn?: (message: string) => void;
}

export interface Scheduler {
  schedule(input: ScheduleInput): Promise<ScheduleRecord>;
  cancel(id: number): { ok: true };
  list(): ScheduleRecord[];
  /** Start delivering (missed ones first, once, marked late); idempotent. */
  start(): Promise<void>;
  stop(): void;
  /** When the single timer fires next (epoch ms), or null. */
  nextWakeAt(): number | null;
  readonly running: boolean;
}

/** setTimeout's longest delay; a later time is reached in hops. */
const MAX_DELAY = 2_147_000_000;
/** At start, a check-in overdue by more than this was missed (said so in the message). */
const MISSED_GRACE_MS = 1_000;

export function lateNote(s: ScheduleRecord, at: number): string {
  const mins = Math.round((at - s.nextAt) / 60_000);
  const ago = mins >= 1 ? `${mins} min late` : `${Math.round((at - s.nextAt) / 1000)} s late`;
  return `[late: scheduled check-in #${s.id} was due ${new Date(s.nextAt).toISOString()}, delivered ${ago}]`;
}

export function createScheduler(o: SchedulerOptions): Scheduler {
  const now = o.now ?? Date.now;
  const lateAfter = o.lateAfterMs ?? 60_000;
  let timer: NodeJS.Timeout | null = null;
  let wakeAt: number | null = null;
  let running = false;
  let runningDue: Promise<void> | null = null;
  let again = false;

  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    wakeAt = null;
    if (!running) return;
    const next = o.store.schedules.list(o.server?.())[0];
    if (!next) return;
    wakeAt = next.nextAt;
    timer = setTimeout(() => void runDue(), Math.max(0, Math.min(MAX_DELAY, next.nextAt - now())));
    timer.unref?.();
  };

  const deliverOne = async (s: ScheduleRecord, missed: boolean) => {
    const at = now();
    // Found due at start: it was missed while nothing ran. Later: only a long delay is late.
    const late = at - s.nextAt > (missed ? MISSED_GRACE_MS : lateAfter);
    const text = late ? `${s.text}\n\n${lateNote(s, at)}` : s.text;
    // Mark first: a crash mid-send must not deliver it again at the next start.
    o.store.schedules.markRun(s.id, at);
    let result: MessageResult;
    try {
      result = await o.send(s.target, text);
    } catch (err) {
      const reason = `scheduled check-in #${s.id} to ${s.target} failed: ${(err as Error).message}`;
      result = { status: 'failed', reason, messageId: null };
      try {
        result.messageId = o.store.messages.add({ server: o.server?.(), agent: s.target, target: s.target, text, status: 'failed', reason, createdAt: at }).id;
      } catch {
        o.warn?.(reason);
      }
    }
    o.onDelivered?.(s, result, late);
  };

  const runDue = async (atStart = false): Promise<void> => {
    if (runningDue) {
      again = true;
      return runningDue;
    }
    if (timer) clearTimeout(timer);
    timer = null;
    wakeAt = null;
    runningDue = (async () => {
      do {
        again = false;
        let due: ScheduleRecord[] = [];
        try {
          due = o.store.schedules.due(now(), o.server?.());
        } catch (err) {
          o.warn?.(`schedules not readable: ${(err as Error).message}`);
        }
        for (const s of due) {
          if (!running) break;
          await deliverOne(s, atStart).catch((err: unknown) => o.warn?.(`schedule #${s.id}: ${(err as Error).message}`));
        }
      } while (again && running);
    })().finally(() => {
      runningDue = null;
      arm();
    });
    return runningDue;
  };

  return {
    get running() {
      return running;
    },
    async schedule(p) {
      await o.resolve?.(p.target);
      const t = now();
      const nextAt = p.at ?? t + (p.inMs ?? p.everyMs!);
      if (p.at !== undefined && p.at < t - 1_000) throw new ApiError('bad_input', `schedule: at is in the past (${new Date(p.at).toISOString()})`);
      const rec = o.store.schedules.add({ server: o.server?.(), target: p.target, text: p.text, nextAt, everyMs: p.everyMs ?? null, createdAt: t });
      arm();
      return rec;
    },
    cancel(id) {
      if (!Number.isInteger(id) || id <= 0) throw new ApiError('bad_input', `cancelSchedule: id must be a positive integer`);
      if (!o.store.schedules.cancel(id)) throw new ApiError('not_found', `no active schedule #${id}`);
      arm();
      return { ok: true };
    },
    list: () => o.store.schedules.list(o.server?.()),
    async start() {
      if (running) return;
      running = true;
      await runDue(true);
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      wakeAt = null;
    },
    nextWakeAt: () => wakeAt,
  };
}
