import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ApiClient } from '../../../shared/api.js';
import type { ShellBridge } from '../../../shared/wire.js';
import type { AppState, Store } from './store.js';

export interface AppServices {
  api: ApiClient;
  bridge: ShellBridge;
  store: Store;
  /** False when the browser page was opened without its token. */
  hasToken: boolean;
}

const Ctx = createContext<AppServices | null>(null);

export function AppProvider(props: { services: AppServices; children: ReactNode }) {
  return <Ctx.Provider value={props.services}>{props.children}</Ctx.Provider>;
}

export function useServices(): AppServices {
  const s = useContext(Ctx);
  if (!s) throw new Error('useServices outside AppProvider');
  return s;
}

/** Select a slice of state; the selector must return a stable value (a slice or a primitive). */
export function useAppState<T>(select: (s: AppState) => T): T {
  const { store } = useServices();
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
