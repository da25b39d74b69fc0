// The monitor's public surface: the event-driven loop (three parts: capture scheduler, agent
// state machine, history writer), the one-shot snapshot for `list`, notification rules, PM
// reports, and the metrics sampler.
export { createMonitor } from './monitor.js';
export type { Monitor, MonitorOptions, MonitorEvent, MonitorStats, MonitorConnection } from './monitor.js';
export { snapshotOnce, classifyPane, byTarget, type SnapshotOptions } from './snapshot.js';
export { captureArgs, captureBatch, lastLineOf, type PaneSnapshot } from './capture.js';
export { ServerLease, liveServerHolder, type TmuxRun } from './server-lease.js';
export { NotificationRules, formatClock, type RuleEffect, type RuleNotification, type RuleSettings } from './rules.js';
export { PmReporter, pmOf, reportText, type Deliver, type PmReporterOptions } from './pm-reports.js';
export { CpuSampler, MetricsSampler, Ring, rssMb, type MonitorSample } from './metrics.js';
