// Desktop notifications arrive in bursts (a whole team goes idle at once). The coalescer
// holds each burst for a short window and shows it as one notification: "3 agents are idle".
import type { NotificationRecord } from '../shared/domain.js';
import type { NotificationKind } from '../shared/vocabulary.js';

export interface CoalescedNotice {
  title: string;
  body: string;
  /** The agent a click opens: the first of the burst that names one. */
  agentId: string | null;
  /** The burst's kind when all records share one. */
  kind: NotificationKind | null;
  /** Records in the burst (including any beyond the kept ones). */
  count: number;
}

export const DEFAULT_COALESCE_MS = 1_500;
/** Records kept per burst (the count still counts them all). */
export const MAX_BURST_RECORDS = 100;
const MAX_NAMES = 5;
const MAX_BODY = 300;

/** Verb phrase per kind, singular and plural. */
const PHRASE: Record<NotificationKind, [string, string]> = {
  idle: ['is idle', 'are idle'],
  waiting: ['is waiting for a decision', 'are waiting for a decision'],
  unsubmitted: ['has unsent text', 'have unsent text'],
  rate_limited: ['hit a usage limit', 'hit a usage limit'],
  crashed: ['crashed', 'crashed'],
  error: ['shows an error', 'show an error'],
  team_idle: ['is idle', 'are idle'],
  lost: ['was lost', 'were lost'],
};

/** Who a record is about: the agent, else the team. */
const subjectOf = (r: NotificationRecord): string =>
  r.agent ?? (r.team ? `team ${r.team}` : 'an agent');

function namesLine(subjects: string[]): string {
  const shown = subjects.slice(0, MAX_NAMES).join(', ');
  return subjects.length > MAX_NAMES ? `${shown} and ${subjects.length - MAX_NAMES} more` : shown;
}

const clip = (s: string): string => (s.length <= MAX_BODY ? s : `${s.slice(0, MAX_BODY - 1)}…`);

/** Everyone a record is about: a grouped record names each of its agents. */
const subjectsOf = (r: NotificationRecord): string[] => (r.members.length > 1 ? r.members.map((m) => m.agent) : [subjectOf(r)]);

/** One notice for a burst (non-empty). Subjects are counted once however often they appear. */
export function summarize(records: readonly NotificationRecord[], total = records.length): CoalescedNotice {
  const first = records[0];
  if (!first) throw new Error('summarize: empty burst');
  const agentId = records.find((r) => r.agentId)?.agentId ?? null;
  const kinds = [...new Set(records.map((r) => r.kind))];
  const subjects = [...new Set(records.flatMap(subjectsOf))];
  if (subjects.length === 1 && (total === 1 || kinds.length === 1)) {
    const [one] = PHRASE[first.kind];
    return { title: `${subjectOf(first)} ${one}`, body: clip(first.text), agentId, kind: first.kind, count: total };
  }
  if (kinds.length === 1) {
    const kind = first.kind;
    const noun = kind === 'team_idle' ? 'teams' : 'agents';
    const n = subjects.length;
    const title = n === 1 ? `${subjects[0]} ${PHRASE[kind][0]}` : `${n} ${noun} ${PHRASE[kind][1]}`;
    return { title, body: clip(namesLine(subjects)), agentId, kind, count: total };
  }
  const byKind = kinds.map((k) => `${records.filter((r) => r.kind === k).reduce((n, r) => n + Math.max(1, r.members.length), 0)} ${k.replace('_', ' ')}`);
  return {
    title: subjects.length === 1 ? `${subjects[0]} needs attention` : `${subjects.length} agents need attention`,
    body: clip(`${byKind.join(' · ')}: ${namesLine(subjects)}`),
    agentId,
    kind: null,
    count: total,
  };
}

export interface Coalescer {
  push(record: NotificationRecord): void;
  /** Emit the pending burst now (e.g. before quitting). */
  flush(): void;
  /** Drop the pending burst and stop the timer. */
  dispose(): void;
}

/**
 * A burst opens with its first record and closes `windowMs` later (a fixed window, not a
 * sliding one: a steady trickle still reaches the person within windowMs).
 */
export function createCoalescer(emit: (n: CoalescedNotice) => void, windowMs = DEFAULT_COALESCE_MS): Coalescer {
  let burst: NotificationRecord[] = [];
  let total = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (total === 0) return;
    const notice = summarize(burst, total);
    burst = [];
    total = 0;
    emit(notice);
  };
  return {
    push(record) {
      total++;
      if (burst.length < MAX_BURST_RECORDS) burst.push(record);
      timer ??= setTimeout(flush, windowMs);
    },
    flush,
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
      burst = [];
      total = 0;
    },
  };
}
