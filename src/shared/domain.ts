import type {
  AgentRole,
  AgentState,
  AgentType,
  DeliveryStatus,
  NotificationKind,
  SpawnType,
} from './vocabulary.js';

/** Where a tmux server lives: this machine (default server, `-L name` or `-S path`), or a host over SSH. */
export interface ServerRef {
  /** `local` or an ssh destination such as `user@box`. */
  host: string;
  socketName?: string;
  socketPath?: string;
}

/** One agent as every layer sees it. `id` is stable for the pane's life: `<host>/<paneId>`. */
export interface AgentInfo {
  id: string;
  host: string;
  paneId: string;
  /** `session:window.pane` (window by index). */
  target: string;
  session: string;
  windowName: string;
  name: string;
  type: AgentType;
  role: AgentRole;
  team: string | null;
  /** True when the pane carries `@orc-type` (spawned by us or tagged); false when recognised by heuristics. */
  tagged: boolean;
  state: AgentState;
  reason: string;
  /** Epoch ms when the agent entered `state`. */
  since: number;
  lastLine: string;
  command: string;
  cwd: string;
  /** Epoch ms of a parsed usage-limit reset, when the screen shows one. */
  resetAt: number | null;
  /** The prompt a waiting agent shows (question, options, what it approves); null or absent otherwise. */
  prompt?: AgentPrompt | null;
}

/** What a prompt asks to approve, when the screen shows it. */
export interface PromptApproval {
  kind: 'command' | 'file' | 'folder';
  text: string;
}

/** One choice of a prompt. */
export interface PromptOption {
  /** 1-based, as `answer TARGET N` names it (the screen's own number when it shows one). */
  number: number;
  /** The option's text as the screen shows it. */
  label: string;
  /** Wrapped text or a description under the option. */
  detail: string | null;
  /** The tmux keys that pick it. */
  keys: string[];
}

/** A question an agent waits on, as read off its screen. */
export interface AgentPrompt {
  question: string;
  options: PromptOption[];
  approving: PromptApproval | null;
  /**
   * Hash of question, approval and options (never spinners, timers or the cursor): an answer
   * carries the fingerprint it was made for and is refused when the prompt on screen differs.
   */
  fingerprint: string;
  /** Epoch ms this prompt (this fingerprint) first showed (as seen by whoever read it; an upper bound). */
  since: number;
}

/** What `answerPrompt` typed, and for which prompt. */
export interface AnswerResult {
  agentId: string;
  /** The keys pressed. */
  keys: string[];
  /** The option chosen (null for esc). */
  option: PromptOption | null;
  prompt: AgentPrompt;
}

export interface StateTransition {
  /** The tmux server of the pane (ServerIdentity key), when known. */
  server?: string;
  agentId: string;
  agent: string;
  target: string;
  team: string | null;
  from: AgentState;
  to: AgentState;
  at: number;
  reason: string;
}

/** One agent a notification is about (a grouped burst names several). */
export interface NotificationMember {
  agentId: string;
  agent: string;
  /** Epoch ms this agent left the notification's state; null while it is still in it. */
  resolvedAt: number | null;
}

export interface NotificationRecord {
  id: number;
  kind: NotificationKind;
  /** The (first) agent it is about, or null for a team notification. */
  agent: string | null;
  agentId: string | null;
  team: string | null;
  text: string;
  createdAt: number;
  readAt: number | null;
  /** Every agent it is about: one, or each agent of a grouped burst (empty for team notifications). */
  members: NotificationMember[];
  /**
   * Problem kinds (PROBLEM_KINDS): epoch ms when the last of its agents left the state, null
   * while the problem lasts (the notification is open). Always null for news (idle, team idle).
   */
  resolvedAt: number | null;
}

export interface MessageResult {
  status: DeliveryStatus;
  reason: string;
  /** Row id in the message log. */
  messageId: number | null;
}

export interface MessageLogEntry {
  id: number;
  /** The tmux server of the pane it was for (ServerIdentity key; '' when unknown). */
  server: string;
  agent: string;
  target: string;
  text: string;
  status: DeliveryStatus;
  reason: string;
  createdAt: number;
}

export interface ScheduleRecord {
  id: number;
  /** The tmux server it runs against (ServerIdentity key; '' when unknown). */
  server: string;
  target: string;
  text: string;
  /** Epoch ms of the next delivery. */
  nextAt: number;
  /** Repeat interval in ms, or null for a one-off. */
  everyMs: number | null;
  createdAt: number;
  lastRunAt: number | null;
}

export interface TeamTemplate {
  name: string;
  description: string;
  pmType: AgentType;
  engineerType: AgentType;
  engineers: number;
  qa: boolean;
  /** Extra text appended to every member's briefing. */
  briefing: string;
  cwd: string | null;
}

export interface PaneCapture {
  agentId: string;
  /** Screen text; with ANSI escapes when requested. */
  text: string;
  cols: number;
  rows: number;
  /** Lines the pane holds above its screen (how far back `scrollback` can reach). */
  historySize: number;
}

/** One point of a metric series: epoch ms and value. */
export type MetricPoint = [number, number];

export interface MetricSeries {
  name: string;
  unit: string;
  points: MetricPoint[];
}

export interface MetricsSnapshot {
  at: number;
  agents: number;
  byState: Partial<Record<AgentState, number>>;
  reconcileMs: number;
  transitionLatencyMs: number;
  cpuPercent: number;
  rssMb: number;
}

export interface AgentShare {
  agent: string;
  /** Day start, epoch ms. */
  day: number;
  busyMs: number;
  idleMs: number;
  otherMs: number;
}

export interface MetricsReport {
  range: MetricsRange;
  series: MetricSeries[];
  /** Agents by state over time (stacked chart): one series per state. */
  byState: MetricSeries[];
  shares: AgentShare[];
}
export type MetricsRange = '1h' | '24h' | '7d' | '30d';

/** The performance review covers whole days: today, the last 7, the last 30. */
export const REVIEW_RANGES = ['1d', '7d', '30d'] as const;
export type ReviewRange = (typeof REVIEW_RANGES)[number];

/** Time in each kind of state, ms. Waiting and unsent text are the agent waiting on the person. */
export interface ReviewTimes {
  waitingMs: number;
  unsentMs: number;
  rateLimitedMs: number;
  busyMs: number;
  idleMs: number;
  /** Crashed or in an error, not working until someone acts. */
  downMs: number;
  /** Starting or unknown. */
  otherMs: number;
  totalMs: number;
  /** Times it crashed, and came back (restarted) after a crash or by a restart. */
  crashes: number;
  restarts: number;
}

/** One agent on one day (tmux server and team as stored with its state time). */
export interface ReviewAgentDay extends ReviewTimes {
  day: number;
  server: string;
  agent: string;
  team: string | null;
}

export interface ReviewAgent extends ReviewTimes {
  server: string;
  agent: string;
  team: string | null;
}

export interface ReviewTeam extends ReviewTimes {
  team: string | null;
  agents: number;
}

export interface ReviewDay extends ReviewTimes {
  day: number;
}

export interface PerformanceReview {
  range: ReviewRange;
  /** First day start and the end of the range (epoch ms). */
  from: number;
  to: number;
  /** Per agent per day, oldest day first; the CSV export is these rows. */
  rows: ReviewAgentDay[];
  /** Most waited-on first. */
  agents: ReviewAgent[];
  teams: ReviewTeam[];
  /** Every day of the range, oldest first (days without data are zeros, not left out). */
  days: ReviewDay[];
  /** More rows than the review holds: the oldest were left out. */
  truncated: boolean;
}

export type ConnectionStatus = 'connected' | 'connecting' | 'no_server' | 'disconnected' | 'error';

export interface EngineStatus {
  hosts: { host: string; status: ConnectionStatus; message: string }[];
  monitoring: boolean;
  /** Who holds the monitor lease (the single writer), this process or another; null when nobody. */
  leaseHolder: string | null;
  version: string;
  /** What the UI runs inside: 'desktop' (Electron) or 'web'. Filled by the shell. */
  shell: 'desktop' | 'web' | 'cli';
  /**
   * The local tmux server actually watched (from -L/-S or the settings; both null: the default
   * server). "Open in terminal" builds its attach command from this.
   */
  server?: { socketName: string | null; socketPath: string | null };
  /**
   * Spawn types whose command the engine's environment sets (`ORC_AGENT_CMD_<TYPE>`), with that
   * command: it wins over Settings → Agent commands.
   */
  agentCommandOverrides?: Partial<Record<Exclude<SpawnType, 'custom'>, string>>;
}

/** One file an agent changed, with git's counts. */
export interface ChangedFile {
  path: string;
  added: number;
  removed: number;
  binary: boolean;
}

/** A worktree agent's checkout and what it holds that its base branch does not. */
export interface WorktreeStatus {
  path: string;
  /** The main checkout it belongs to. */
  repo: string;
  branch: string;
  /** The branch it was made from ('' when unknown or gone). */
  baseBranch: string;
  /** Where the branch left its base (what the diff compares against). */
  mergeBase: string;
  dirtyFiles: number;
  unmergedCommits: number;
}

/** What an agent changed in its git repository. */
export interface AgentChanges {
  agentId: string;
  /** The directory looked at (the worktree, else where it was started). */
  dir: string;
  /** The repository's top directory; null when `dir` is not in a git repository with commits. */
  repo: string | null;
  /** The commit compared against. */
  base: string | null;
  /** What `base` is, in words. */
  baseLabel: string;
  worktree: WorktreeStatus | null;
  files: ChangedFile[];
  /** git's unified diff (empty with `stat`). */
  diff: string;
  /** The diff or the file list was cut at its bound. */
  truncated: boolean;
}

export interface SpawnResult {
  agent: AgentInfo;
  briefing: MessageResult | null;
}

/**
 * An agent the product started, as the fleet manifest keeps it (keyed by its tmux server and
 * name) until it is killed on purpose: what `restore` needs to start it again.
 */
export interface FleetEntry {
  /** The tmux server it runs on (ServerIdentity key). */
  server: string;
  host: string;
  name: string;
  type: SpawnType;
  /** The command it was started with (hook arguments included). */
  command: string;
  cwd: string;
  role: AgentRole;
  team: string | null;
  session: string;
  env: Record<string, string>;
  /** A worktree agent's checkout, its branch, the branch it came from and the commit it started at. */
  worktree: { path: string; branch: string; baseBranch: string; base: string } | null;
  briefing: string | null;
  /** The agent CLI's own conversation id, where it has one we chose (Claude Code's --session-id). */
  cliSession: string | null;
  /** Its pane now (or when last seen). */
  paneId: string;
  spawnedAt: number;
  /** When it vanished without being killed (server death, pane closed from outside); null while alive. */
  lostAt: number | null;
}

/** One lost agent in a restore: what is (or would be) started, and what came of it. */
export interface RestoreOutcome {
  name: string;
  host: string;
  type: SpawnType;
  team: string | null;
  cwd: string;
  /** The command run to bring it back (with the CLI's resume arguments). */
  command: string;
  /** How its conversation is resumed (`claude --resume ID`, `codex resume --last`…), or why it is not. */
  resume: string;
  /** planned: a dry run; forgotten: dropped from the manifest, not started. */
  status: 'planned' | 'restored' | 'failed' | 'forgotten';
  reason: string;
  agent: AgentInfo | null;
  briefing: MessageResult | null;
}
