// Hash routes, so a reload (and the web dashboard's URL) keeps the view.
import { useSyncExternalStore } from 'react';

export type View = 'agents' | 'spawn' | 'notifications' | 'performance' | 'schedules' | 'settings';
export const VIEWS: readonly View[] = ['agents', 'spawn', 'notifications', 'performance', 'schedules', 'settings'];

export interface Route {
  view: View;
  /** The open agent's id, on `#/agents/<id>`. */
  agentId: string | null;
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  const view = (VIEWS as readonly string[]).includes(parts[0] ?? '') ? (parts[0] as View) : 'agents';
  const rest = parts.slice(1).join('/');
  let agentId: string | null = null;
  if (view === 'agents' && rest) {
    try {
      agentId = decodeURIComponent(rest);
    } catch {
      agentId = null;
    }
  }
  return { view, agentId };
}

export function routeHash(view: View, agentId?: string | null): string {
  return agentId ? `#/${view}/${encodeURIComponent(agentId)}` : `#/${view}`;
}

export function navigate(view: View, agentId?: string | null): void {
  const hash = routeHash(view, agentId);
  if (window.location.hash !== hash) window.location.hash = hash;
}

export const openAgent = (id: string) => navigate('agents', id);

const subscribe = (cb: () => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
