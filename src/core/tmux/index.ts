// The tmux engine's public surface. See connection.ts for the design.
export { connectTmux, TmuxConnection } from './connection.js';
export type { ConnectOptions, OutputEvent, OutputTextEvent, PaneFactsEvent, TopologyEvent, TmuxConnectionEvents, RunOptions } from './connection-types.js';
export { chunkText, assertPaneId, textInputCommands } from './pane-input.js';
export type { CaptureOptions, TextInputOptions, TextInputCommands } from './pane-input.js';
export { runTmuxOnce, checkTmux, tmuxEnv, tmuxArgv, parseTmuxVersion, MIN_TMUX_VERSION, isRemote, assertSshHost, sshArgv, SSH_DEFAULT_OPTIONS } from './once.js';
export type { TmuxTarget } from './once.js';
export { quoteArg, commandLine, shellQuote, TmuxArgumentError } from './quote.js';
export { TmuxCommandError, TmuxConnectionError, TmuxTimeoutError, TmuxVersionError } from './errors.js';
export { firstVerdict } from './verdict.js';
export { ORC_OPTION, PANE_TAG_FIELDS, FIELD_SEP, formatOf, splitFields, type OrcOptionKey, type SpawnTagKey } from './vocabulary.js';
export { activityLatestMs, listPanesArgs, paneRowArgs, parsePaneRows, PANE_FORMAT } from './panes.js';
export type { PaneRow } from './panes.js';
export type { TmuxCounters } from './counters.js';
export type { TmuxNotification } from './notifications.js';
export { ControlParser } from './protocol.js';
export { decodeOutput, outputLength, parseNotification, parseOutputLine } from './notifications.js';
export { ServerIdentity, localSocketPath } from './server-identity.js';
export type { ServerNaming, SocketEnv } from './server-identity.js';
