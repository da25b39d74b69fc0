import { z } from 'zod';
import { hostNameProblem } from './hosts.js';
import { NOTIFICATION_KINDS, SPAWN_TYPES, type NotificationKind, type SpawnType } from './vocabulary.js';

/** Spawn types that run a known program (`custom` always names its own command). */
export type ProgramType = Exclude<SpawnType, 'custom'>;
export const PROGRAM_TYPES = SPAWN_TYPES.filter((t): t is ProgramType => t !== 'custom');

/** The environment variable that overrides a type's command in the engine's process (it wins over settings). */
export const agentCommandVar = (type: ProgramType): string => `ORC_AGENT_CMD_${type.toUpperCase()}`;

const kindRecord = <T extends z.ZodType>(value: T) =>
  z.object(
    Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, value])) as Record<NotificationKind, T>,
  );

const ms = z.number().int().min(0);

/** A command line for a spawn type; empty means the type's own program (e.g. `claude`). */
const agentCommand = z
  .string()
  .max(1000)
  .refine((c) => !/[\x00-\x1f\x7f]/.test(c), { message: 'one line without control characters' });

/** Every setting with its default. `updateSettings` takes a deep-partial of this. */
export const SettingsSchema = z.object({
  /** Output silence after which a busy agent counts as idle. */
  quietMs: ms.max(600_000).default(2_000),
  /** Slow sweep over all panes that catches what events miss. */
  reconcileIntervalMs: ms.min(1_000).max(3_600_000).default(10_000),
  /** Per-kind cooldown: the same rule for the same agent fires at most once per cooldown. */
  cooldownMs: kindRecord(ms.max(86_400_000)).default({
    idle: 60_000,
    waiting: 30_000,
    unsubmitted: 60_000,
    rate_limited: 600_000,
    crashed: 60_000,
    error: 60_000,
    team_idle: 600_000,
    lost: 0,
  }),
  /** Desktop notification toggles, one per kind. */
  desktopNotify: kindRecord(z.boolean()).default({
    idle: true,
    waiting: true,
    unsubmitted: true,
    rate_limited: true,
    crashed: true,
    error: true,
    team_idle: true,
    lost: true,
  }),
  /**
   * Notifications of one kind within this window of each other (a broadcast's replies, a usage
   * limit hitting every agent) become one notification naming the agents; 0 turns grouping off.
   */
  groupWindowMs: ms.max(60_000).default(3_000),
  teamIdleMinutes: z.number().min(1).max(1440).default(5),
  /** Submit text left unsent in an input box once, automatically. */
  autoSubmitUnsent: z.boolean().default(false),
  /** Restart crashed agents with backoff. */
  autoRestart: z.boolean().default(false),
  /**
   * After a usage limit, at its parsed reset time, send `text` once the agent takes input:
   * opt-in per agent name or team.
   */
  autoContinue: z
    .object({
      agents: z.array(z.string().min(1).max(64)).max(1_000).default([]),
      teams: z.array(z.string().min(1).max(64)).max(1_000).default([]),
      text: z.string().trim().min(1).max(1_000).refine((t) => !/[\x00-\x08\x0b-\x1f\x7f]/.test(t), { message: 'text without control characters' }).default('continue'),
    })
    .default({ agents: [], teams: [], text: 'continue' }),
  /** Send PM agents batched reports of their team's transitions (master switch; see pmReportTeams). */
  pmReports: z.boolean().default(true),
  /**
   * The teams whose PM gets reports: a team deployed with a PM is added when deployed; ad-hoc
   * agents' teams are not, until the person turns reports on for them.
   */
  pmReportTeams: z.array(z.string().min(1).max(200)).max(1_000).default([]),
  retention: z
    .object({
      notificationsMaxRows: z.number().int().min(100).max(10_000_000).default(10_000),
      notificationsDays: z.number().min(1).max(3650).default(30),
      transitionsDays: z.number().min(1).max(3650).default(30),
      messagesDays: z.number().min(1).max(3650).default(30),
      rawMetricsHours: z.number().min(1).max(720).default(24),
      rollupDays: z.number().min(1).max(3650).default(90),
    })
    .default({
      notificationsMaxRows: 10_000,
      notificationsDays: 30,
      transitionsDays: 30,
      messagesDays: 30,
      rawMetricsHours: 24,
      rollupDays: 90,
    }),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  /** Which local tmux server to watch: default, `-L name` or `-S path`. */
  tmux: z
    .object({
      socketName: z.string().max(200).nullable().default(null),
      socketPath: z.string().max(4096).nullable().default(null),
    })
    .default({ socketName: null, socketPath: null }),
  /** Remote hosts (ssh destinations) whose tmux servers are watched too. */
  hosts: z
    .array(
      z
        .string()
        .min(1)
        .max(255)
        // ssh would read a leading '-' as an option; '/' is how ids name their host.
        .refine((h) => hostNameProblem(h) === null, {
          message: 'a host is an ssh destination: host, user@host or a Host alias from ~/.ssh/config (no spaces, "/" or leading "-"; not "local")',
        }),
    )
    .max(64)
    .default([]),
  /**
   * Agents' own hooks installed on spawn, per type (Claude Code's hooks via --settings, Codex's
   * notify program, Gemini CLI's hooks via a system-defaults file of ours): they report busy/waiting/idle at once; the screen confirms or corrects.
   */
  agentHooks: z
    .object({ claude: z.boolean().default(true), codex: z.boolean().default(true), gemini: z.boolean().default(true) })
    .default({ claude: true, codex: true, gemini: true }),
  /** The command each spawn type runs ('' = the type's own program); ORC_AGENT_CMD_<TYPE> wins. */
  agentCommands: z
    .object(Object.fromEntries(PROGRAM_TYPES.map((t) => [t, agentCommand.default('')])) as Record<ProgramType, z.ZodDefault<typeof agentCommand>>)
    .default(Object.fromEntries(PROGRAM_TYPES.map((t) => [t, ''])) as Record<ProgramType, string>),
  closeToTray: z.boolean().default(true),
  openAtLogin: z.boolean().default(false),
});

export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});

/**
 * The input of `updateSettings`: any top-level key, and nested objects (cooldowns, toggles,
 * retention, tmux) may be partial too. Arrays (hosts) are replaced whole. Built from
 * SettingsSchema so the two cannot drift.
 */
export const SettingsPatchSchema = patchOf(SettingsSchema) as z.ZodType<SettingsPatch>;

/** A schema's patch form: defaults dropped (a patch never invents values), objects partial and strict. */
function patchOf(schema: z.ZodType): z.ZodType {
  const inner = schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
  if (!(inner instanceof z.ZodObject)) return inner;
  const shape = inner.shape as Record<string, z.ZodType>;
  return z
    .object(Object.fromEntries(Object.entries(shape).map(([k, f]) => [k, patchOf(f).optional()])))
    .strict();
}

/** A partial update: top-level keys, nested objects may be partial too. */
export type SettingsPatch = {
  [K in keyof Settings]?: Settings[K] extends unknown[]
    ? Settings[K]
    : Settings[K] extends object
      ? Partial<Settings[K]>
      : Settings[K];
};

/** Apply a patch: nested objects merge key by key, arrays and scalars replace; the result is validated. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const old = merged[key];
    const isPlainObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    merged[key] = isPlainObject(old) && isPlainObject(value) ? { ...(old as object), ...(value as object) } : value;
  }
  return SettingsSchema.parse(merged);
}
