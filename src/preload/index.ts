// Preload: exposes exactly the contract's method table and the event stream (filled in by the shell issue).
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('orcShell', { kind: 'desktop' });
