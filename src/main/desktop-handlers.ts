// The handler table main serves: the engine's, with the few methods the desktop shell owns
// or observes. Everything else goes straight to the engine.
import type { ApiHandlers, EngineHost } from '../shared/api.js';
import type { Settings } from '../shared/settings.js';

export interface DesktopHooks {
  /** The native folder picker; null when the person cancels. */
  pickFolder(defaultPath: string | undefined): Promise<string | null>;
  /** Settings changed (theme, tray, notifications, open at login take effect here). */
  onSettings(settings: Settings): void;
  /** Monitoring was paused or resumed (the tray shows it). */
  onMonitoring(monitoring: boolean): void;
}

export function desktopHandlers(engine: EngineHost, hooks: DesktopHooks): ApiHandlers {
  const h = engine.handlers;
  return {
    ...h,
    getStatus: async (input) => ({ ...(await h.getStatus(input)), shell: 'desktop' }),
    updateSettings: async (input) => {
      const settings = await h.updateSettings(input);
      hooks.onSettings(settings);
      return settings;
    },
    setMonitoring: async (input) => {
      const reply = await h.setMonitoring(input);
      hooks.onMonitoring(reply.monitoring);
      return reply;
    },
    pickFolder: async (input) => ({ path: await hooks.pickFolder(input.defaultPath) }),
  };
}
