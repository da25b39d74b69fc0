// The monitor's public surface: the event-driven loop, the one-shot snapshot for `list`,
// notification rules, PM reports and the transition formatter.
export { createMonitor } from './monitor.js';
export type { Monitor, MonitorOptions, MonitorEvent, MonitorStats, MonitorConnection } from './monitor.js';
export { snapshotOnce, classifyPane, byTarget, type SnapshotOptions } from './snapshot.js';
export { captureBatch, lastLineOf, type PaneSnapshot } from './capture.js';
export { NotificationRules, formatClock, type RuleEffect, type RuleNotification, type RuleSettings } from './rules.js';
export { PmReporter, pmOf, reportText, type Deliver, type PmReporterOptions } from './pm-reports.js';
export { formatTransition, formatTransitionJson, clockOf } from './format.js';
export { CpuSampler, Ring, rssMb } from './metrics.js';
