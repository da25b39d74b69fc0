// Keeps the page title and favicon on the attention count, and turns new notifications into
// Web Notifications (web shell only: the desktop app shows native ones from its main process).
import { useEffect } from 'react';
import { alertFor, alertsAllowed, chime, faviconFor, soundOn, titleFor } from '../lib/alerts.js';
import { openAgent } from '../lib/route.js';
import { useAppState, useServices } from '../state/context.js';
import { attentionCount } from '../state/store.js';

function useTitleAndFavicon(count: number) {
  useEffect(() => {
    document.title = titleFor(count);
    const href = faviconFor(count);
    if (!href) return;
    let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (!link) {
      link = document.createElement('link');
      link.rel = 'icon';
      document.head.appendChild(link);
    }
    link.href = href;
  }, [count]);
}

export function BrowserAlerts() {
  const { bridge } = useServices();
  const count = useAppState(attentionCount);
  const settings = useAppState((s) => s.settings);
  useTitleAndFavicon(count);
  useEffect(() => {
    if (bridge.kind !== 'web') return;
    return bridge.onEvent((event) => {
      if (event.type !== 'notification') return;
      const n = event.notification;
      if (settings && !settings.desktopNotify[n.kind]) return;
      if (!alertsAllowed()) return;
      const a = alertFor(n);
      try {
        const shown = new Notification(a.title, { body: a.body, tag: a.tag });
        shown.onclick = () => {
          window.focus();
          if (n.agentId) openAgent(n.agentId);
          shown.close();
        };
      } catch {
        // some browsers only allow notifications from a service worker: the title still counts
      }
      if (soundOn()) chime();
    });
  }, [bridge, settings]);
  return null;
}
