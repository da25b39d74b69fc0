// Live, read-only screen of one agent, ANSI colours included (xterm.js, no stdin). Re-captured
// when the engine says the agent changed, and at most every REFRESH_MS while it is busy.
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import type { AgentInfo } from '../../../shared/domain.js';
import { errorMessage } from '../lib/format.js';
import { useServices } from '../state/context.js';

const REFRESH_MS = 500;

const TERMINAL_THEME = {
  background: '#0f1115',
  foreground: '#d6dae3',
  cursor: '#0f1115',
  selectionBackground: '#3a4660',
};

export function ScreenPreview(props: { agent: AgentInfo }) {
  const { api, bridge } = useServices();
  const { id, state } = props.agent;
  const host = useRef<HTMLDivElement>(null);
  const term = useRef<Terminal | null>(null);
  const [fallback, setFallback] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [size, setSize] = useState<string>('');
  const refresh = useRef<() => void>(() => undefined);

  useEffect(() => {
    let t: Terminal | null = null;
    try {
      t = new Terminal({
        disableStdin: true,
        convertEol: true,
        cursorBlink: false,
        cursorStyle: 'bar',
        cursorInactiveStyle: 'none',
        scrollback: 0,
        fontSize: 12,
        fontFamily: 'ui-monospace, "JetBrains Mono", "DejaVu Sans Mono", Menlo, monospace',
        theme: TERMINAL_THEME,
        cols: 120,
        rows: 36,
      });
      t.open(host.current!);
      term.current = t;
    } catch {
      // No canvas/layout (tests, odd browsers): show plain text instead.
      t?.dispose();
      term.current = null;
    }
    return () => {
      term.current?.dispose();
      term.current = null;
    };
  }, []);

  // One capture at a time; a request during a capture runs once more right after it.
  useEffect(() => {
    let running = false;
    let again = false;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let alive = true;
    const capture = async () => {
      running = true;
      last = Date.now();
      try {
        const cap = await api.capturePane({ target: id, ansi: true });
        if (!alive) return;
        setError(null);
        setSize(`${cap.cols}×${cap.rows}`);
        const text = cap.text.replace(/\n+$/, '');
        const t = term.current;
        if (t) {
          if (t.cols !== cap.cols || t.rows !== cap.rows) t.resize(Math.max(2, cap.cols), Math.max(1, cap.rows));
          t.reset();
          t.write(text);
        } else {
          setFallback(text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''));
        }
      } catch (err) {
        if (alive) setError(errorMessage(err));
      } finally {
        running = false;
        if (again && alive) {
          again = false;
          schedule();
        }
      }
    };
    const schedule = () => {
      if (running) {
        again = true;
        return;
      }
      if (timer) return;
      const wait = Math.max(0, last + REFRESH_MS - Date.now());
      timer = setTimeout(() => {
        timer = null;
        void capture();
      }, wait);
    };
    refresh.current = schedule;
    schedule();
    const off = bridge.onEvent((e) => {
      if (e.type === 'agentChanged' && e.agent.id === id) schedule();
    });
    return () => {
      alive = false;
      off();
      if (timer) clearTimeout(timer);
    };
  }, [api, bridge, id]);

  // Busy agents stream output without changing state: keep the picture fresh while visible.
  useEffect(() => {
    if (state !== 'busy' && state !== 'starting') return;
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') refresh.current();
    }, REFRESH_MS);
    return () => clearInterval(t);
  }, [state]);

  return (
    <div className="screen">
      <div className="screen-head">
        <span>Screen</span>
        <span className="muted small">{size}</span>
        {error && (
          <span className="error-text small" role="alert">
            {error}
          </span>
        )}
      </div>
      <div className="screen-body" ref={host} aria-label={`Screen of ${props.agent.name}`}>
        {fallback !== null && <pre className="screen-fallback">{fallback}</pre>}
      </div>
    </div>
  );
}
