// The daemons' (monitor, serve) and the desktop app's JSON-lines log, rotated by size, and what
// the engine's status changes write to it.
export { openDaemonLog, LOG_SIZE_ENV, type DaemonLogOptions } from './daemon-log.js';
export { logEngineStatus } from './engine-log.js';
