// Electron main process entry: locate the built pieces, then hand over to the shell.
import { app } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEngine, openDesktopLog } from './create-engine.js';
import { logUncaught } from './main-log.js';
import { startShell } from './shell.js';

const here = import.meta.dirname;

/** A sandboxed preload must be CommonJS; accept whichever name the build produced. */
const preloadPath =
  ['index.cjs', 'index.js', 'index.mjs'].map((f) => join(here, '../preload', f)).find((p) => existsSync(p)) ??
  join(here, '../preload/index.cjs');

// The dev server URL is honoured only in development: a packaged app never loads remote pages.
const devUrl = (!app.isPackaged && process.env.ELECTRON_RENDERER_URL) || undefined;
const appUrl = devUrl ?? pathToFileURL(join(here, '../renderer/index.html')).href;

const iconDir = app.isPackaged ? join(process.resourcesPath, 'icons') : join(app.getAppPath(), 'resources', 'icons');

// desktop.log beside the store (see README, Logs): the engine's connections, lease, deliveries
// and warnings, and every error in main, caught or not.
const log = openDesktopLog();
logUncaught(log);

startShell({ createEngine: (o) => createEngine(o, log), log, appUrl, preloadPath, iconDir, startHidden: process.argv.includes('--hidden') });
