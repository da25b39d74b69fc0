import { z } from 'zod';
import { MAX_MESSAGE_BYTES, MessageText } from './message-text.js';
import type {
  AgentChanges,
  AgentInfo,
  AnswerResult,
  EngineStatus,
  MessageLogEntry,
  MessageResult,
  MetricsReport,
  MetricsSnapshot,
  PerformanceReview,
  NotificationRecord,
  PaneCapture,
  RestoreOutcome,
  ScheduleRecord,
  SpawnResult,
  StateTransition,
  TeamTemplate,
} from './domain.js';
import type { Settings } from './settings.js';
import { SettingsPatchSchema } from './settings.js';
import { REVIEW_RANGES } from './domain.js';
import {
  AGENT_ROLES,
  AGENT_STATES,
  AGENT_TYPES,
  NOTIFICATION_KINDS,
  SPAWN_TYPES,
} from './vocabulary.js';

export { MAX_MESSAGE_BYTES } from './message-text.js';

/**
 * A target names an agent: its name, `session:window`, `session:window.pane`, `%id`, or its id
 * (`host/%id`). Resolution (and "ambiguous" errors) happens in core.
 */
const Target = z.string().trim().min(1, 'target is empty').max(512);
/** The longest agent, team or template name. */
export const MAX_NAME_CHARS = 64;
const Name = z
  .string()
  .trim()
  .min(1, 'name is empty')
  .max(MAX_NAME_CHARS)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'name may hold letters, digits, "-", "_" and "." only');
/** A tmux key name, or one printable character with optional C-/M-/S- (take-over typing sends those). */
const Key = z
  .string()
  .min(1)
  .max(32)
  .regex(
    /^(?:[A-Za-z0-9 \-_^]+|(?:[CMS]-)*[^\p{Cc}\p{Cs}])$/u,
    'a key is a tmux key name such as Enter, Escape, Up, C-c, y or 1, or one printable character',
  );
/** An answer: an option's number, y (its yes option), n (its no option) or esc. */
const PromptChoice = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?:[1-9]\d?|y|n|esc)$/, 'a choice is an option number (1, 2, …), y, n or esc');
const Duration = z.number().int().positive().max(366 * 86_400_000);
/** 'local' or an ssh destination from settings.hosts. */
const HostName = z.string().trim().min(1, 'host is empty').max(255);

export const SpawnInputSchema = z
  .object({
    name: Name,
    type: z.enum(SPAWN_TYPES),
    command: z.string().trim().min(1).max(4096).optional(),
    role: z.enum(AGENT_ROLES).default('engineer'),
    team: Name.optional(),
    cwd: z.string().min(1).max(4096).optional(),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(8192)).optional(),
    briefing: MessageText.optional(),
    /** Branch name: create a git worktree for the agent on this new branch. */
    worktree: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]*$/, 'not a valid branch name')
      .max(200)
      .optional(),
    /** tmux session to create the window in (default: the team name, else "orc"). */
    session: Name.optional(),
    /** Where to spawn: 'local' (default) or one of settings.hosts (an ssh destination). */
    host: HostName.optional(),
  })
  .refine((v) => v.type !== 'custom' || !!v.command, {
    message: 'a custom agent needs a command',
    path: ['command'],
  });
export type SpawnInput = z.input<typeof SpawnInputSchema>;

export const TeamTemplateSchema = z.object({
  name: Name,
  description: z.string().max(2000).default(''),
  pmType: z.enum(AGENT_TYPES).default('claude'),
  engineerType: z.enum(AGENT_TYPES).default('claude'),
  engineers: z.number().int().min(0).max(50).default(2),
  qa: z.boolean().default(false),
  briefing: z.string().max(MAX_MESSAGE_BYTES).default(''),
  cwd: z.string().max(4096).nullable().default(null),
});

/** A method: the zod schema of its input, and (as a phantom type) its output. */
interface Method<I extends z.ZodType, O> {
  input: I;
  /** Never set at runtime; carries the output type. */
  output?: O;
}
const method =
  <O>() =>
  <I extends z.ZodType>(input: I): Method<I, O> => ({ input });

const none = z.object({}).strict().default({});

/**
 * The contract: every method IPC, the web bridge, the CLI and tests dispatch through.
 * Inputs are validated with these schemas at every boundary.
 */
export const apiMethods = {
  getStatus: method<EngineStatus>()(none),
  listAgents: method<AgentInfo[]>()(
    z
      .object({
        state: z.enum(AGENT_STATES).optional(),
        team: z.string().max(64).optional(),
        host: z.string().max(255).optional(),
      })
      .strict()
      .default({}),
  ),
  getAgent: method<AgentInfo>()(z.object({ target: Target }).strict()),
  capturePane: method<PaneCapture>()(
    z
      .object({
        target: Target,
        ansi: z.boolean().default(false),
        /** Lines of scrollback above the visible screen. */
        scrollback: z.number().int().min(0).max(10_000).default(0),
      })
      .strict(),
  ),
  getTimeline: method<StateTransition[]>()(
    z
      .object({
        target: Target,
        since: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(10_000).default(500),
      })
      .strict(),
  ),
  sendMessage: method<MessageResult>()(
    z
      .object({
        target: Target,
        text: MessageText,
        /** Send even when the agent is busy (default: queue until idle). */
        now: z.boolean().default(false),
        /**
         * With no monitor running (nobody would deliver a queue): wait up to this long for a busy
         * agent to be idle, then deliver; failed if it is still busy then. Without it: queue.
         */
        waitMs: z.number().int().min(0).max(86_400_000).optional(),
        /** Discard text the person left unsent in the agent's input box; refused (nothing typed) otherwise. */
        replace: z.boolean().default(false),
        /** Also a pane that is not an agent (a shell, a REPL in your own session); refused otherwise. */
        anyPane: z.boolean().default(false),
      })
      .strict(),
  ),
  sendKeys: method<{ ok: true }>()(
    z
      .object({
        target: Target,
        keys: z.array(Key).min(1).max(64),
        /** Also a pane that is not an agent (a shell, a REPL in your own session); refused otherwise. */
        anyPane: z.boolean().default(false),
      })
      .strict(),
  ),
  /**
   * Answer the prompt an agent waits on, bound to the prompt the caller saw: the engine looks
   * again under the pane's lock and types nothing (ApiError 'conflict') when there is no prompt,
   * the fingerprint differs, `expect` is not in it, the choice is not one of its options, or it
   * appeared less than 500 ms ago.
   */
  answerPrompt: method<AnswerResult>()(
    z
      .object({
        target: Target,
        choice: PromptChoice,
        /** Text the prompt must hold (its question, options or what it approves); case and spacing ignored. */
        expect: z.string().trim().min(1, 'expect is empty').max(500).optional(),
        /** The prompt's fingerprint as the caller saw it (AgentInfo.prompt.fingerprint). */
        fingerprint: z
          .string()
          .trim()
          .regex(/^[0-9a-f]{16}$/, "a fingerprint is 16 hex digits, as the agent's prompt shows it")
          .optional(),
        /** Also a pane that is not an agent (a shell, a REPL in your own session); refused otherwise. */
        anyPane: z.boolean().default(false),
      })
      .strict(),
  ),
  broadcast: method<{ target: string; result: MessageResult }[]>()(
    z
      .object({
        team: z.string().max(64).optional(),
        all: z.boolean().default(false),
        text: MessageText,
        now: z.boolean().default(false),
      })
      .strict()
      .refine((v) => v.all !== !!v.team, { message: 'give a team or all, not both' }),
  ),
  listMessages: method<MessageLogEntry[]>()(
    z
      .object({
        target: Target.optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict()
      .default({ limit: 100 }),
  ),
  /** Messages waiting for an agent to be idle (for one agent, or all), newest first. */
  listQueued: method<MessageLogEntry[]>()(
    z
      .object({
        target: Target.optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict()
      .default({ limit: 100 }),
  ),
  /** Take back a queued message before it is typed (refused once delivered or being typed). */
  cancelQueued: method<MessageLogEntry>()(z.object({ id: z.number().int().positive() }).strict()),
  spawnAgent: method<SpawnResult>()(SpawnInputSchema),
  deployTeam: method<SpawnResult[]>()(
    z
      .object({
        template: Name,
        team: Name.optional(),
        cwd: z.string().min(1).max(4096).optional(),
        /** Where the team runs: 'local' (default) or one of settings.hosts. */
        host: HostName.optional(),
      })
      .strict(),
  ),
  listTeamTemplates: method<TeamTemplate[]>()(none),
  saveTeamTemplate: method<TeamTemplate>()(TeamTemplateSchema),
  killAgent: method<{ ok: true; savedScreen: boolean; worktreeKept?: string }>()(
    z
      .object({
        target: Target,
        /**
         * A worktree agent's checkout: by default removed when it holds nothing unsaved, and the
         * kill refused (nothing done) when it does; 'keep' leaves it, 'discard' deletes it and its branch.
         */
        worktree: z.enum(['keep', 'discard']).optional(),
      })
      .strict(),
  ),
  getChanges: method<AgentChanges>()(
    z.object({ target: Target, stat: z.boolean().default(false) }).strict(),
  ),
  commitWorktree: method<{ commit: string; files: number }>()(
    z
      .object({
        target: Target,
        message: z.string().trim().min(1, 'message is empty').max(10_000),
      })
      .strict(),
  ),
  mergeWorktree: method<{ commit: string; baseBranch: string; commits: number }>()(z.object({ target: Target }).strict()),
  restartAgent: method<AgentInfo>()(
    z
      .object({
        target: Target,
        /** Start it resuming its last conversation (claude --continue, codex resume --last, …); refused for a CLI that cannot. */
        resume: z.boolean().default(false),
      })
      .strict(),
  ),
  /**
   * The lost fleet: agents of the fleet manifest not running on their tmux server (it died, or
   * their pane was closed from outside). Started again with the same names, tags, types,
   * directories and teams, each resuming its conversation where its CLI can; `dryRun` only
   * says what would be done; `forget` drops them from the manifest instead.
   */
  restoreFleet: method<RestoreOutcome[]>()(
    z
      .object({
        /** Only these lost agents (default: every lost agent). */
        names: z.array(Name).min(1).max(2_000).optional(),
        dryRun: z.boolean().default(false),
        /** Send each its briefing again (default: the resumed conversation already holds it). */
        rebrief: z.boolean().default(false),
        forget: z.boolean().default(false),
        /** Only this host's lost agents ('local' or one of settings.hosts). */
        host: HostName.optional(),
      })
      .strict()
      .refine((v) => !(v.forget && v.rebrief), { message: 'forget and rebrief do not go together' })
      .default({ dryRun: false, rebrief: false, forget: false }),
  ),
  listNotifications: method<NotificationRecord[]>()(
    z
      .object({
        unread: z.boolean().default(false),
        /** Only open problems (a problem kind whose agents are still in that state). */
        open: z.boolean().default(false),
        kind: z.enum(NOTIFICATION_KINDS).optional(),
        agent: z.string().max(512).optional(),
        since: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(10_000).default(200),
      })
      .strict()
      .default({ unread: false, open: false, limit: 200 }),
  ),
  markRead: method<{ updated: number }>()(
    z
      .object({ ids: z.array(z.number().int().positive()).max(10_000).optional(), all: z.boolean().default(false) })
      .strict()
      .refine((v) => v.all !== !!v.ids, { message: 'give ids or all' }),
  ),
  getMetrics: method<MetricsReport>()(
    z.object({ range: z.enum(['1h', '24h', '7d', '30d']).default('1h') }).strict().default({ range: '1h' }),
  ),
  /** The performance review for the person: whole days (today, 7 or 30), per agent, team and day. */
  getReview: method<PerformanceReview>()(
    z.object({ range: z.enum(REVIEW_RANGES).default('7d') }).strict().default({ range: '7d' }),
  ),
  listSchedules: method<ScheduleRecord[]>()(none),
  schedule: method<ScheduleRecord>()(
    z
      .object({
        target: Target,
        text: MessageText,
        at: z.number().int().positive().optional(),
        inMs: Duration.optional(),
        everyMs: Duration.min(60_000, 'repeat at most once a minute').optional(),
      })
      .strict()
      .refine((v) => [v.at, v.inMs, v.everyMs].filter((x) => x !== undefined).length === 1, {
        message: 'give exactly one of at, in or every',
      }),
  ),
  cancelSchedule: method<{ ok: true }>()(z.object({ id: z.number().int().positive() }).strict()),
  getSettings: method<Settings>()(none),
  updateSettings: method<Settings>()(SettingsPatchSchema),
  setMonitoring: method<{ monitoring: boolean }>()(z.object({ enabled: z.boolean() }).strict()),
  /** Desktop only: the native folder picker. The web bridge answers null (the UI shows a text field). */
  pickFolder: method<{ path: string | null }>()(
    z.object({ defaultPath: z.string().max(4096).optional() }).strict().default({}),
  ),
} as const;

/**
 * Methods done to one agent. core resolves their `target` once, where it dispatches them, and
 * hands the action the parsed input and the agent (src/core/actions/actions.ts).
 */
export const AGENT_ACTION_METHODS = ['sendMessage', 'sendKeys', 'answerPrompt', 'killAgent', 'getChanges', 'commitWorktree', 'mergeWorktree', 'restartAgent'] as const satisfies readonly (keyof typeof apiMethods)[];
/** Methods done on one host's tmux server (`host` picks it, default local; restore and broadcast reach every host). */
export const HOST_ACTION_METHODS = ['spawnAgent', 'deployTeam', 'restoreFleet', 'broadcast'] as const satisfies readonly (keyof typeof apiMethods)[];

export type ApiMethods = typeof apiMethods;
export type ApiMethodName = keyof ApiMethods;
export const API_METHOD_NAMES = Object.keys(apiMethods) as ApiMethodName[];

/** What a caller passes (defaults may be omitted). */
export type ApiInput<M extends ApiMethodName> = z.input<ApiMethods[M]['input']>;
/** What the implementation receives (after parsing: defaults filled). */
export type ApiParsedInput<M extends ApiMethodName> = z.output<ApiMethods[M]['input']>;
export type ApiOutput<M extends ApiMethodName> = NonNullable<ApiMethods[M]['output']>;

/** The client side: what `window.api`, the WebSocket client and tests call. */
export type ApiClient = {
  [M in ApiMethodName]: (input?: ApiInput<M>) => Promise<ApiOutput<M>>;
};

/** The server side: what core's orchestrator implements (inputs already validated). */
export type ApiHandlers = {
  [M in ApiMethodName]: (input: ApiParsedInput<M>) => Promise<ApiOutput<M>>;
};

/** The event stream every shell forwards. */
export type ApiEvent =
  | { type: 'agentChanged'; agent: AgentInfo; transition?: StateTransition }
  | { type: 'agentRemoved'; id: string }
  | { type: 'notification'; notification: NotificationRecord }
  /** A stored notification changed (its problem resolved, wholly or for some of its agents): not news. */
  | { type: 'notificationChanged'; notification: NotificationRecord }
  | { type: 'metricsTick'; metrics: MetricsSnapshot }
  | { type: 'status'; status: EngineStatus };

export const API_ERROR_CODES = ['bad_input', 'not_found', 'ambiguous', 'conflict', 'failed', 'unavailable', 'internal'] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The error every boundary reports: a code and one clear line. */
export interface ApiErrorShape {
  code: ApiErrorCode;
  message: string;
}

export class ApiError extends Error implements ApiErrorShape {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toJSON(): ApiErrorShape {
    return { code: this.code, message: this.message };
  }
}

/** Validate a method's input, throwing one clear `bad_input` line on failure. */
export function parseInput<M extends ApiMethodName>(name: M, input: unknown): ApiParsedInput<M> {
  const m = apiMethods[name] as ApiMethods[ApiMethodName] | undefined;
  if (!m || !Object.prototype.hasOwnProperty.call(apiMethods, name)) {
    throw new ApiError('bad_input', `unknown method "${String(name)}"`);
  }
  const r = m.input.safeParse(input === undefined || input === null ? undefined : input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ApiError('bad_input', `${String(name)}: ${where}${issue.message}`);
  }
  return r.data as ApiParsedInput<M>;
}

export function isApiMethodName(name: unknown): name is ApiMethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiMethods, name);
}

/** Turn anything thrown into the wire shape. */
export function toApiError(err: unknown): ApiErrorShape {
  if (err instanceof ApiError) return err.toJSON();
  if (err && typeof err === 'object' && 'code' in err && 'message' in err) {
    const code = (err as { code: unknown }).code;
    if (typeof code === 'string' && (API_ERROR_CODES as readonly string[]).includes(code)) {
      return { code: code as ApiErrorCode, message: String((err as { message: unknown }).message) };
    }
  }
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

/** Dispatch one call through the table: validate, then call the handler. Shared by IPC and the web bridge. */
export async function dispatch(
  handlers: ApiHandlers,
  name: unknown,
  input: unknown,
): Promise<unknown> {
  if (!isApiMethodName(name)) throw new ApiError('bad_input', `unknown method "${String(name)}"`);
  const parsed = parseInput(name, input);
  const handler = handlers[name] as (i: unknown) => Promise<unknown>;
  return handler(parsed);
}

/** One typed call through dispatch: validated like every call from IPC or the web. */
export type ApiCall = <M extends ApiMethodName>(name: M, input?: ApiInput<M>) => Promise<ApiOutput<M>>;

/** Calls on a handler table in this process (the CLI, the engine's own timers, tests), each through dispatch. */
export function callerOf(handlers: ApiHandlers): ApiCall {
  return async (name, input) => (await dispatch(handlers, name, input)) as ApiOutput<typeof name>;
}

/**
 * What every shell (Electron main, web server, CLI, tests) holds: the handler table, the event
 * stream and a clean shutdown. core's `createOrchestrator` returns one.
 */
export interface EngineHost {
  handlers: ApiHandlers;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  close(): Promise<void>;
}
