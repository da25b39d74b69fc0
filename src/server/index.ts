// The web dashboard server's public surface (the CLI's `serve` and the e2e tests use it).
export {
  startWebServer,
  WebServerError,
  DEFAULT_WEB_PORT,
  DEFAULT_MAX_CLIENTS,
  WEB_SOCKET_PATH,
  type WebServer,
  type WebServerOptions,
  type WebServerErrorCode,
} from './web-server.js';
export { DEFAULT_HUB_LIMITS, NO_CALL_ID, type HubLimits } from './socket-hub.js';
export { newToken, tokenCookieName } from './auth.js';
export { keptToken, TOKEN_FILE_NAME, type KeptToken } from './token-file.js';
export { webEvent, webHandlers } from './web-handlers.js';
