// Fixed bounds for what the settings don't configure. Every table and every text column is
// bounded, so the file cannot grow without limit whatever the callers do.
export const LIMITS = {
  notificationTextChars: 4_000,
  /** Agents one notification names (a grouped burst); more are dropped from the record, not the text. */
  notificationMembers: 1_000,
  transitionReasonChars: 1_000,
  transitionsMaxRows: 500_000,
  /** Message log: text kept per message (the full text went to the agent). */
  messageTextChars: 8_000,
  messagesMaxRows: 20_000,
  /** Active schedules: adding beyond this is refused. */
  schedulesMaxActive: 1_000,
  /** Cancelled or finished schedules are kept this long, for review. */
  schedulesDoneDays: 30,
  rawMetricsMaxRows: 500_000,
  /** Per-minute rollups are kept at most this long (per-hour ones for settings.retention.rollupDays). */
  minuteRollupMaxDays: 30,
  templatesMax: 200,
  /** One saved screen (last screen + scrollback) is cut to this many characters. */
  screenTextChars: 512_000,
  screensPerAgent: 3,
  screensMaxRows: 200,
  screensDays: 30,
  /** Fleet manifest: agents kept (the oldest lost ones go first beyond it). */
  fleetMaxRows: 2_000,
  /** A briefing kept for a re-brief on restore (the full text went to the agent). */
  fleetBriefingChars: 32_000,
  /** Retention deletes in batches this big: each batch is its own short transaction. */
  retentionBatch: 500,
} as const;

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
