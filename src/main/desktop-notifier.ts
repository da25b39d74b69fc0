// Which engine notifications reach the desktop: one toggle per kind (settings.desktopNotify),
// bursts coalesced. Showing the notice is the caller's (Electron) part.
import type { ApiEvent } from '../shared/api.js';
import type { Settings } from '../shared/settings.js';
import { createCoalescer, DEFAULT_COALESCE_MS, type CoalescedNotice } from './notify-coalescer.js';

export interface DesktopNotifier {
  onEvent(event: ApiEvent): void;
  dispose(): void;
}

export function createDesktopNotifier(opts: {
  settings: () => Pick<Settings, 'desktopNotify'>;
  show: (notice: CoalescedNotice) => void;
  windowMs?: number;
}): DesktopNotifier {
  const coalescer = createCoalescer(opts.show, opts.windowMs ?? DEFAULT_COALESCE_MS);
  return {
    onEvent(event) {
      if (event.type !== 'notification') return;
      const { notification } = event;
      if (opts.settings().desktopNotify[notification.kind]) coalescer.push(notification);
    },
    dispose: () => coalescer.dispose(),
  };
}
