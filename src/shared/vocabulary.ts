/** The one state vocabulary, used by the UI, the CLI and the database alike. */
export const AGENT_STATES = [
  'starting',
  'busy',
  'idle',
  'waiting',
  'unsubmitted',
  'rate_limited',
  'crashed',
  'error',
  'unknown',
] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** Agent profiles: which CLI runs in the pane, and so which classifier judges its screen. */
export const AGENT_TYPES = ['claude', 'codex', 'gemini', 'qwen', 'opencode', 'aider', 'generic'] as const;
export type AgentType = (typeof AGENT_TYPES)[number];

/** What spawnAgent accepts: the profiles plus `custom` (any command, judged by the generic profile). */
export const SPAWN_TYPES = ['claude', 'codex', 'gemini', 'qwen', 'opencode', 'aider', 'custom'] as const;
export type SpawnType = (typeof SPAWN_TYPES)[number];

export const AGENT_ROLES = ['orchestrator', 'pm', 'engineer', 'qa', 'custom'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

/** Kinds of notification the monitor's rules produce. */
export const NOTIFICATION_KINDS = [
  'idle',
  'waiting',
  'unsubmitted',
  'rate_limited',
  'crashed',
  'error',
  'team_idle',
  /** Agents that vanished without being killed (their server died, their pane was closed from outside). */
  'lost',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** 'cancelled': a queued message the person took back before it was typed. */
export const DELIVERY_STATUSES = ['delivered', 'queued', 'unsubmitted', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** States that ask for the person's attention (tray, badges, filters). */
export const ATTENTION_STATES: readonly AgentState[] = [
  'waiting',
  'unsubmitted',
  'rate_limited',
  'crashed',
  'error',
];

/**
 * Notification kinds that name a problem needing the person: such a notification stays open
 * while its agents remain in that state and resolves itself when they leave it. The others
 * (idle, team_idle) are news, never open.
 */
export const PROBLEM_KINDS = ['waiting', 'unsubmitted', 'rate_limited', 'crashed', 'error'] as const satisfies readonly NotificationKind[] & readonly AgentState[];
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export function isProblemKind(kind: string): kind is ProblemKind {
  return (PROBLEM_KINDS as readonly string[]).includes(kind);
}

/**
 * Kinds that stay open until dealt with: the problem states, and lost agents (open until each
 * is restored, spawned again or forgotten).
 */
export const OPEN_KINDS = [...PROBLEM_KINDS, 'lost'] as const satisfies readonly NotificationKind[];

export function isOpenKind(kind: string): boolean {
  return (OPEN_KINDS as readonly string[]).includes(kind);
}

/**
 * What each CLI takes to pick up its last conversation in its directory, for the UI's offer to
 * resume (core/actions/restore.ts resumeCommand builds the command); a type absent here cannot.
 */
export const RESUME_ARGS: Readonly<Partial<Record<AgentType, string>>> = {
  claude: '--continue',
  codex: 'resume --last',
  gemini: '--resume latest',
  qwen: '--continue',
  opencode: '--continue',
  aider: '--restore-chat-history',
};
