// Live screen of one agent, ANSI colours included (xterm.js), with its scrollback: a little
// history while it follows the bottom live, older pages loaded on demand when scrolled to the
// top (bounded by the contract's 10,000 lines), and a search within what is loaded. Scrolled up,
// live updates pause so the text being read stays put; back at the bottom they resume.
// Re-captured when the engine says the agent changed, every REFRESH_MS while busy, and every
// QUIET_REFRESH_MS otherwise.
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import type { AgentInfo, PaneCapture } from '../../../shared/domain.js';
import { errorMessage } from '../lib/format.js';
import { keysFromTerminalData } from '../lib/terminal-keys.js';
import { useServices } from '../state/context.js';

const REFRESH_MS = 500;
/** Refresh period of an agent that is not busy (its state changes refresh at once). */
const QUIET_REFRESH_MS = 2_000;
/** History kept above the screen while following live (cheap to re-capture twice a second). */
export const LIVE_HISTORY = 200;
/** Lines added per "older" page. */
export const HISTORY_PAGE = 1_000;
/** The contract's bound on one capture's scrollback. */
export const MAX_HISTORY = 10_000;

const TERMINAL_THEME = {
  background: '#0f1115',
  foreground: '#d6dae3',
  cursor: '#0f1115',
  selectionBackground: '#3a4660',
};
/** A second Esc within this leaves take-over (a single Esc goes to the agent after it). */
const ESC_ESC_MS = 400;
const SEARCH_DECORATIONS = {
  matchBackground: '#5a4a12',
  activeMatchBackground: '#c99a1c',
  matchOverviewRuler: '#c99a1c',
  activeMatchColorOverviewRuler: '#ffd24d',
};

interface ScrollView {
  following: boolean;
  /** Lines of history currently loaded above the screen, and how many the pane holds. */
  loaded: number;
  available: number;
}

export function ScreenPreview(props: { agent: AgentInfo }) {
  const { api, bridge } = useServices();
  const { id, state, name } = props.agent;
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const search = useRef<SearchAddon | null>(null);
  const [fallback, setFallback] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [size, setSize] = useState<string>('');
  const [view, setView] = useState<ScrollView>({ following: true, loaded: 0, available: 0 });
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<{ index: number; count: number } | null>(null);
  /** Take-over: keystrokes in the screen go to the pane. Only the button turns it on. */
  const [takeOver, setTakeOver] = useState(false);
  /** Ask for a capture: `force` even while paused (loading history, searching). Resolves when drawn. */
  const refresh = useRef<(force?: boolean) => Promise<void>>(async () => undefined);
  /** Lines of history the next capture asks for. */
  const history = useRef(LIVE_HISTORY);
  const following = useRef(true);
  /** A redraw scrolls the terminal itself: not the person scrolling. */
  const drawing = useRef(false);

  useEffect(() => {
    let t: Terminal | null = null;
    try {
      t = new Terminal({
        disableStdin: true,
        convertEol: true,
        cursorBlink: false,
        cursorStyle: 'bar',
        cursorInactiveStyle: 'none',
        scrollback: MAX_HISTORY + 500,
        fontSize: 12,
        fontFamily: 'ui-monospace, "JetBrains Mono", "DejaVu Sans Mono", Menlo, monospace',
        theme: TERMINAL_THEME,
        allowProposedApi: true,
        cols: 120,
        rows: 36,
      });
      const fit = new FitAddon();
      const finder = new SearchAddon();
      t.loadAddon(fit);
      t.loadAddon(finder);
      t.open(host.current!);
      term.current = t;
      search.current = finder;
      finder.onDidChangeResults((r) =>
        setMatches(
          r.resultCount > 0
            ? { index: r.resultIndex, count: r.resultCount }
            : { index: -1, count: 0 },
        ),
      );
      // Rows fill the box (the rest of the capture is scrollback); columns stay the pane's.
      const fitRows = () => {
        const rows = fit.proposeDimensions()?.rows;
        if (t && rows && rows > 1 && rows !== t.rows) t.resize(t.cols, rows);
      };
      const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(fitRows);
      ro?.observe(host.current!);
      fitRows();
      // The person scrolling (wheel, scrollbar, keys) moves the DOM viewport; a redraw moves it too.
      const onScroll = () => {
        if (drawing.current || !t) return;
        const b = t.buffer.active;
        const atBottom = b.viewportY >= b.baseY;
        if (atBottom !== following.current) {
          following.current = atBottom;
          // Back at the bottom: drop the pages loaded for reading, follow live again.
          if (atBottom) history.current = LIVE_HISTORY;
          setView((v) => ({ ...v, following: atBottom }));
          if (atBottom) void refresh.current();
        }
        if (b.viewportY === 0 && !atBottom) void loadOlder();
      };
      const viewport = t.element?.querySelector('.xterm-viewport');
      viewport?.addEventListener('scroll', onScroll);
      const onBufferScroll = t.onScroll(onScroll);
      return () => {
        viewport?.removeEventListener('scroll', onScroll);
        onBufferScroll.dispose();
        ro?.disconnect();
        term.current?.dispose();
        term.current = null;
        search.current = null;
      };
    } catch {
      // No canvas/layout (tests, odd browsers): show plain text instead.
      t?.dispose();
      term.current = null;
      return undefined;
    }
    // loadOlder reads refs only.
  }, []);

  /** One more page of history, when the pane has more than is loaded. */
  const loadOlder = async () => {
    const v = viewRef.current;
    if (history.current >= MAX_HISTORY || v.loaded >= v.available) return;
    history.current = Math.min(MAX_HISTORY, Math.max(history.current, v.loaded) + HISTORY_PAGE);
    await refresh.current(true);
  };
  const viewRef = useRef(view);
  viewRef.current = view;

  // One capture at a time; a request during a capture runs once more right after it.
  useEffect(() => {
    let running: Promise<void> | null = null;
    let again = false;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let alive = true;
    const draw = (cap: PaneCapture) =>
      new Promise<void>((resolve) => {
        const text = cap.text.replace(/\n+$/, '');
        const t = term.current;
        if (!t) {
          setFallback(text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''));
          return resolve();
        }
        if (t.cols !== cap.cols && cap.cols > 1) t.resize(cap.cols, t.rows);
        // Keep what is being read in place: the same distance from the bottom after the redraw.
        const b = t.buffer.active;
        const fromBottom = following.current ? 0 : b.baseY - b.viewportY;
        drawing.current = true;
        t.reset();
        t.write(text, () => {
          const nb = t.buffer.active;
          if (fromBottom === 0) t.scrollToBottom();
          else t.scrollToLine(Math.max(0, nb.baseY - fromBottom));
          drawing.current = false;
          resolve();
        });
      });
    const capture = async (): Promise<void> => {
      last = Date.now();
      try {
        const scrollback = history.current;
        const cap = await api.capturePane({ target: id, ansi: true, scrollback });
        if (!alive) return;
        setError(null);
        setSize(`${cap.cols}×${cap.rows}`);
        await draw(cap);
        if (!alive) return;
        setView({
          following: following.current,
          loaded: Math.min(scrollback, cap.historySize),
          available: cap.historySize,
        });
      } catch (err) {
        if (alive) setError(errorMessage(err));
      }
    };
    const run = async (): Promise<void> => {
      while (alive) {
        again = false;
        await capture();
        if (!again) return;
      }
    };
    const request = (force = false): Promise<void> => {
      // Scrolled up to read: live updates wait until the bottom is back in view.
      if (!force && !following.current) return Promise.resolve();
      if (running) {
        again = true;
        return running;
      }
      if (force) {
        if (timer) clearTimeout(timer);
        timer = null;
        running = run().finally(() => (running = null));
        return running;
      }
      if (!timer) {
        const wait = Math.max(0, last + REFRESH_MS - Date.now());
        timer = setTimeout(() => {
          timer = null;
          running = run().finally(() => (running = null));
        }, wait);
      }
      return Promise.resolve();
    };
    refresh.current = request;
    void request();
    const off = bridge.onEvent((e) => {
      if (e.type === 'agentChanged' && e.agent.id === id) void request();
    });
    return () => {
      alive = false;
      off();
      if (timer) clearTimeout(timer);
    };
  }, [api, bridge, id]);

  // Busy agents stream output without changing state, and an agent may print without changing
  // state at all: keep the picture fresh while visible, often while busy, now and then otherwise.
  useEffect(() => {
    const every = state === 'busy' || state === 'starting' ? REFRESH_MS : QUIET_REFRESH_MS;
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh.current();
    }, every);
    return () => clearInterval(t);
  }, [state]);

  // Another agent: never carry take-over across.
  useEffect(() => setTakeOver(false), [id]);

  useEffect(() => {
    const t = term.current;
    if (!t) return;
    t.options.disableStdin = !takeOver;
    t.options.cursorStyle = takeOver ? 'block' : 'bar';
    t.options.theme = { ...TERMINAL_THEME, cursor: takeOver ? '#d6dae3' : TERMINAL_THEME.cursor };
    if (!takeOver) return;
    following.current = true;
    history.current = LIVE_HISTORY;
    t.scrollToBottom();
    t.focus();
    // In order, one sendKeys at a time (the engine's per-pane writer lock applies to each).
    const queue: string[][] = [];
    let sending = false;
    const flush = async () => {
      if (sending) return;
      sending = true;
      while (queue.length) {
        try {
          await api.sendKeys({ target: id, keys: queue.shift()! });
        } catch (err) {
          queue.length = 0;
          setError(`typing stopped: ${errorMessage(err)}`);
          setTakeOver(false);
        }
      }
      sending = false;
      void refresh.current(true);
    };
    const send = (keys: string[]) => {
      for (let i = 0; i < keys.length; i += 64) queue.push(keys.slice(i, i + 64));
      void flush();
    };
    let escTimer: ReturnType<typeof setTimeout> | null = null;
    const sub = t.onData((data) => {
      const keys = keysFromTerminalData(data);
      if (keys.length === 1 && keys[0] === 'Escape') {
        if (escTimer) {
          clearTimeout(escTimer);
          escTimer = null;
          setTakeOver(false);
          return;
        }
        escTimer = setTimeout(() => {
          escTimer = null;
          send(['Escape']);
        }, ESC_ESC_MS);
        return;
      }
      if (escTimer) {
        clearTimeout(escTimer);
        escTimer = null;
        keys.unshift('Escape');
      }
      if (keys.length) send(keys);
    });
    return () => {
      sub.dispose();
      if (escTimer) clearTimeout(escTimer);
      t.blur();
    };
  }, [takeOver, api, id]);

  const backToLive = () => {
    history.current = LIVE_HISTORY;
    following.current = true;
    setView((v) => ({ ...v, following: true }));
    term.current?.scrollToBottom();
    void refresh.current(true);
  };

  /** Search the whole (bounded) history: load it first, then look upwards from the bottom. */
  const find = async (backwards: boolean) => {
    const finder = search.current;
    if (!finder || query === '') return;
    const v = viewRef.current;
    if (v.loaded < Math.min(v.available, MAX_HISTORY)) {
      history.current = Math.min(MAX_HISTORY, v.available);
      following.current = false;
      await refresh.current(true);
    }
    const opts = { caseSensitive: false, decorations: SEARCH_DECORATIONS };
    if (backwards) finder.findPrevious(query, opts);
    else finder.findNext(query, opts);
  };

  const more = view.available > view.loaded && view.loaded < MAX_HISTORY;
  return (
    <div className={takeOver ? 'screen screen-takeover' : 'screen'}>
      <div className="screen-head">
        <span>Screen</span>
        {fallback === null &&
          (takeOver ? (
            <span className="takeover-banner" role="status">
              Typing goes to {name} · Esc Esc or{' '}
              <button type="button" className="small" onClick={() => setTakeOver(false)}>
                Leave
              </button>
            </span>
          ) : (
            <button
              type="button"
              className="small"
              onClick={() => setTakeOver(true)}
              title="Type into the agent's pane from here (Esc Esc leaves)"
            >
              Take over
            </button>
          ))}
        <span className="muted small">{size}</span>
        <span
          className="muted small"
          title="Lines of history loaded above the screen, of those the pane holds"
        >
          history {view.loaded.toLocaleString()}
          {view.available > view.loaded ? ` of ${view.available.toLocaleString()}` : ''}
        </span>
        {more && (
          <button type="button" className="linkish small" onClick={() => void loadOlder()}>
            Load older
          </button>
        )}
        {!view.following && (
          <button
            type="button"
            className="small screen-live"
            onClick={backToLive}
            title="Live updates are paused while you read the history"
          >
            Paused · back to live ↓
          </button>
        )}
        <span className="screen-search">
          <input
            type="search"
            placeholder="Search history"
            aria-label={`Search the screen and history of ${name}`}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setMatches(null);
              search.current?.clearDecorations();
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void find(!e.shiftKey);
              } else if (e.key === 'Escape' && query !== '') {
                e.stopPropagation();
                setQuery('');
                setMatches(null);
                search.current?.clearDecorations();
              }
            }}
          />
          {matches && (
            <span className="muted small" role="status">
              {matches.count === 0 ? 'no match' : `${matches.index + 1} of ${matches.count}`}
            </span>
          )}
        </span>
        {error && (
          <span className="error-text small" role="alert">
            {error}
          </span>
        )}
      </div>
      <div className="screen-body" ref={host} aria-label={`Screen of ${name}`}>
        {fallback !== null && <pre className="screen-fallback">{fallback}</pre>}
      </div>
    </div>
  );
}
