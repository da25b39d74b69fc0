// The Store: one SQLite file (WAL) holding everything the app learns, with a sub-API per table.
import type Database from 'better-sqlite3';
import { createContext } from './context.js';
import { createFleet, type FleetApi } from './fleet.js';
import { createLease, type LeaseApi } from './lease.js';
import { createMessages, type MessagesApi } from './messages.js';
import { createMetrics, type MetricsApi } from './metrics.js';
import { createNotifications, type NotificationsApi } from './notifications.js';
import { openDatabase } from './open.js';
import { defaultDbPath } from '../paths.js';
import { createRetention, type RetentionApi } from './retention.js';
import { createReview, type ReviewApi } from './review.js';
import { createSchedules, type SchedulesApi } from './schedules.js';
import { createScreens, type ScreensApi } from './screens.js';
import { createSettings, type SettingsApi } from './settings.js';
import { createTemplates, type TemplatesApi } from './templates.js';
import { createTransitions, type TransitionsApi } from './transitions.js';

export interface OpenStoreOptions {
  /** The file; default `defaultDbPath()`. ':memory:' for a throwaway store. */
  path?: string;
  /** A reader (the CLI): never writes, never takes the lease. */
  readonly?: boolean;
  /** Every warning (corrupt file moved aside, degraded mode, failed writes) as it happens. */
  onWarning?: (message: string) => void;
  /** Path of a better-sqlite3 native build (Electron's ABI differs from Node's). */
  nativeBinding?: string;
}

export interface Store {
  /** The file in use, or ':memory:' when degraded. */
  readonly path: string;
  /** The path asked for. */
  readonly requestedPath: string;
  readonly readonly: boolean;
  /** Why history is kept in memory only (file unwritable), or null. */
  readonly degraded: string | null;
  /** Warnings since open, oldest first (the last 100). */
  readonly warnings: readonly string[];
  /** The raw connection, for tests and benchmarks; write through the sub-APIs. */
  readonly db: Database.Database;
  readonly notifications: NotificationsApi;
  readonly transitions: TransitionsApi;
  readonly messages: MessagesApi;
  readonly schedules: SchedulesApi;
  readonly metrics: MetricsApi;
  /** The performance review for the person (read only). */
  readonly review: ReviewApi;
  readonly settings: SettingsApi;
  readonly templates: TemplatesApi;
  readonly screens: ScreensApi;
  /** The fleet manifest: agents started by the product, until killed on purpose. */
  readonly fleet: FleetApi;
  readonly lease: LeaseApi;
  readonly retention: RetentionApi;
  close(): void;
}

const MAX_WARNINGS = 100;

export function openStore(opts: OpenStoreOptions = {}): Store {
  const requestedPath = opts.path ?? defaultDbPath();
  const warnings: string[] = [];
  const warn = (message: string) => {
    if (warnings.length >= MAX_WARNINGS) warnings.shift();
    warnings.push(message);
    opts.onWarning?.(message);
  };
  const driver = opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {};
  const opened = openDatabase(requestedPath, opts.readonly ?? false, warn, driver);
  const ctx = createContext(opened.db, opened.path, warn);
  const settings = createSettings(ctx);
  const lease = createLease(ctx);
  return {
    path: opened.path,
    requestedPath,
    readonly: opened.readonly,
    degraded: opened.degraded,
    warnings,
    db: opened.db,
    notifications: createNotifications(ctx, () => settings.get().retention.notificationsMaxRows),
    transitions: createTransitions(ctx),
    messages: createMessages(ctx),
    schedules: createSchedules(ctx),
    metrics: createMetrics(ctx),
    review: createReview(ctx),
    settings,
    templates: createTemplates(ctx),
    screens: createScreens(ctx),
    fleet: createFleet(ctx),
    lease,
    retention: createRetention(ctx, settings.get),
    close: () => {
      if (!opened.db.open) return;
      lease.releaseAll();
      // Fold the WAL back into the file so a clean exit leaves one file behind.
      if (!opened.readonly) {
        try {
          opened.db.pragma('wal_checkpoint(TRUNCATE)');
        } catch {
          // Another connection may be reading; the WAL is still valid and is replayed on open.
        }
      }
      opened.db.close();
    },
  };
}
