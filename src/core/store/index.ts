// The history store (SQLite): what core's orchestrator, the monitor and the CLI call.
export { openStore, type OpenStoreOptions, type Store } from './store.js';
export { serverKey } from './paths.js';
export { defaultConfigDir, defaultDbPath, DB_ENV_VAR } from '../paths.js';
export { StoreError, type StoreErrorKind } from './errors.js';
export { migrations, migrate, schemaVersion, SCHEMA_VERSION, type Migration } from './migrations.js';
export { LIMITS } from './limits.js';
export type { NotificationsApi, NewNotification, NotificationQuery } from './notifications.js';
export type { TransitionsApi, TimelineQuery, TransitionQuery } from './transitions.js';
export type { MessagesApi, NewMessage, MessageQuery } from './messages.js';
export type { SchedulesApi, NewSchedule } from './schedules.js';
export { dayStart, unitFor, RANGE_MS, type MetricsApi, type Resolution, type SeriesQuery } from './metrics.js';
export { sanitizeSettings, type SettingsApi } from './settings.js';
export type { TemplatesApi } from './templates.js';
export type { FleetApi, NewFleetEntry } from './fleet.js';
export type { ScreensApi, SavedScreen, NewScreen } from './screens.js';
export {
  DEFAULT_LEASE_TTL_MS,
  pidAlive,
  type LeaseApi,
  type LeaseHandle,
  type LeaseHolder,
  type LeaseInfo,
  type LeaseOptions,
} from './lease.js';
export type { RetentionApi, RetentionCounts, RetentionOptions } from './retention.js';
export { storeForServer } from './for-server.js';
