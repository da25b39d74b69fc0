// Preload (sandboxed): exposes exactly a ShellBridge on window.orcBridge. The renderer builds
// its typed `api` from it with createApiClient (src/shared/wire.ts); nothing else of Node or
// Electron crosses into the page.
import { contextBridge, ipcRenderer } from 'electron';
import { createDesktopBridge } from './bridge.js';
import { BRIDGE_NAME } from './channels.js';

contextBridge.exposeInMainWorld(BRIDGE_NAME, createDesktopBridge(ipcRenderer));
