// The shell of the UI: sidebar, the current view, global shortcuts, theme, connection banner.
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { BrowserAlerts } from './components/BrowserAlerts.js';
import { ConnectionBanner } from './components/ConnectionBanner.js';
import { LostFleetBanner } from './components/LostFleetBanner.js';
import { ShortcutHelp } from './components/ShortcutHelp.js';
import { Sidebar } from './components/Sidebar.js';
import { useFocusGuard } from './lib/focus.js';
import { isTyping } from './lib/hooks.js';
import { navigate, openAgent, useRoute, VIEWS, type View } from './lib/route.js';
import { AppProvider, useAppState, useServices, type AppServices } from './state/context.js';
import { AgentDetail } from './views/AgentDetail.js';
import { Board } from './views/Board.js';
import { Notifications } from './views/Notifications.js';
import { Schedules } from './views/Schedules.js';
import { Settings } from './views/Settings.js';
import { Spawn } from './views/Spawn.js';

// Charts (uPlot) load only when the performance view opens: a smaller first paint.
const Performance = lazy(() => import('./views/Performance.js').then((m) => ({ default: m.Performance })));

/**
 * `g` then one of these keys (a letter, or the view's place in the sidebar). No Ctrl/Alt+digit:
 * those switch the browser's tabs.
 */
const GO_KEYS: Record<string, View> = {
  a: 'agents',
  n: 'notifications',
  p: 'performance',
  c: 'schedules',
  s: 'settings',
  ...Object.fromEntries(VIEWS.map((v, i) => [String(i + 1), v])),
};
const G_TIMEOUT_MS = 1_500;

function useTheme() {
  const theme = useAppState((s) => s.settings?.theme ?? 'system');
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}

function useGlobalShortcuts(view: View, agentOpen: boolean, setHelp: (f: (h: boolean) => boolean) => void) {
  const gAt = useRef(0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Modified keys belong to the browser (Ctrl/Alt+digit switch tabs) and the desktop shell.
      if (e.defaultPrevented || e.altKey || e.metaKey || e.ctrlKey) return;
      if (isTyping(e)) return;
      if (e.key === 'Escape') {
        setHelp(() => false);
        if (agentOpen && !document.querySelector('.overlay')) navigate('agents');
        return;
      }
      if (document.querySelector('.overlay')) return;
      const go = Date.now() - gAt.current < G_TIMEOUT_MS;
      gAt.current = 0;
      if (go && GO_KEYS[e.key]) {
        e.preventDefault();
        navigate(GO_KEYS[e.key]!);
      } else if (e.key === 'g') {
        gAt.current = Date.now();
      } else if (e.key === '?') {
        e.preventDefault();
        setHelp((h) => !h);
      } else if (e.key === 'n' && view !== 'spawn') {
        e.preventDefault();
        navigate('spawn');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view, agentOpen, setHelp]);
}

/** The desktop shell asks to show an agent (tray menu, notification click). */
function useShellNavigation() {
  const { bridge } = useServices();
  useEffect(() => bridge.onNavigate?.((agentId) => openAgent(agentId)), [bridge]);
}

function Shell() {
  const route = useRoute();
  const [help, setHelp] = useState(false);
  useTheme();
  useShellNavigation();
  useGlobalShortcuts(route.view, !!route.agentId, setHelp);
  useFocusGuard();

  let body;
  switch (route.view) {
    case 'agents':
      body = route.agentId ? <AgentDetail key={route.agentId} agentId={route.agentId} /> : <Board />;
      break;
    case 'spawn':
      body = <Spawn />;
      break;
    case 'notifications':
      body = <Notifications />;
      break;
    case 'performance':
      body = <Performance />;
      break;
    case 'schedules':
      body = <Schedules />;
      break;
    case 'settings':
      body = <Settings />;
      break;
  }
  return (
    <div className="app">
      <BrowserAlerts />
      <Sidebar view={route.view} onHelp={() => setHelp(true)} />
      <main className="main" tabIndex={-1}>
        <ConnectionBanner />
        <LostFleetBanner />
        <Suspense fallback={<div className="loading">Loading…</div>}>{body}</Suspense>
      </main>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
    </div>
  );
}

export function App(props: { services: AppServices }) {
  return (
    <AppProvider services={props.services}>
      <Shell />
    </AppProvider>
  );
}
