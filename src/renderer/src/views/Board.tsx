// The agents board: every agent, live, for 5 to 500 of them. Rows are virtualised; the
// filter/group logic is pure (lib/board.ts) so it can be tested without a DOM.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { AgentInfo } from '../../../shared/domain.js';
import { AGENT_STATES, type AgentState } from '../../../shared/vocabulary.js';
import { AnswerButtons } from '../components/AnswerButtons.js';
import { Broadcast } from '../components/Broadcast.js';
import { EmptyState } from '../components/EmptyState.js';
import { StateBadge } from '../components/StateBadge.js';
import { filterAgents, groupRows, moveSelection, rowDetail, rowIndexOf, stateCounts, type BoardRow, type GroupBy, type SortBy } from '../lib/board.js';
import { formatClock, formatDuration } from '../lib/format.js';
import { isTyping, useNow } from '../lib/hooks.js';
import { navigate, openAgent } from '../lib/route.js';
import { STATE_META } from '../lib/states.js';
import { useAppState } from '../state/context.js';
import { noTmuxServer } from '../state/store.js';
import { plural } from '../lib/format.js';

const ROW_HEIGHT = 36;
/** A waiting row holds its question and, under it, the buttons that answer it. */
const WAITING_ROW_HEIGHT = 72;
const GROUP_HEIGHT = 34;
const GROUP_KEY = 'orc.board.groupBy';

function readGroupBy(): GroupBy {
  try {
    const v = localStorage.getItem(GROUP_KEY);
    return v === 'session' || v === 'none' ? v : 'team';
  } catch {
    return 'team';
  }
}

/** The agent last selected or opened: still highlighted when the person comes back. */
let lastSelected: string | null = null;

export function Board() {
  const agentsMap = useAppState((s) => s.agents);
  const loaded = useAppState((s) => s.agentsLoaded);
  const noServer = useAppState(noTmuxServer);
  const [query, setQuery] = useState('');
  const [states, setStates] = useState<ReadonlySet<AgentState>>(new Set());
  const [groupBy, setGroupBy] = useState<GroupBy>(readGroupBy);
  const [sortBy, setSortBy] = useState<SortBy>('attention');
  const [selected, setSelectedState] = useState<string | null>(lastSelected);
  const setSelected = (next: string | null | ((cur: string | null) => string | null)) =>
    setSelectedState((cur) => (lastSelected = typeof next === 'function' ? next(cur) : next));
  const [broadcast, setBroadcast] = useState(false);
  const search = useRef<HTMLInputElement>(null);
  const deferredQuery = useDeferredValue(query);

  const all = useMemo(() => [...agentsMap.values()], [agentsMap]);
  const counts = useMemo(() => stateCounts(all), [all]);
  const rows = useMemo(
    () => groupRows(filterAgents(all, { query: deferredQuery, states }, sortBy), groupBy),
    [all, deferredQuery, states, groupBy, sortBy],
  );
  const teams = useMemo(() => [...new Set(all.flatMap((a) => (a.team ? [a.team] : [])))].sort(), [all]);
  const shown = rows.length - rows.filter((r) => r.kind === 'group').length;

  useEffect(() => {
    try {
      localStorage.setItem(GROUP_KEY, groupBy);
    } catch {
      // not persisted; fine
    }
  }, [groupBy]);

  // Board keys: j/k move, Enter opens, / searches, Esc clears.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (document.querySelector('.overlay')) return;
      if (e.key === 'Escape') {
        if (query || states.size) {
          setQuery('');
          setStates(new Set());
        }
        search.current?.blur();
        return;
      }
      if (isTyping(e)) {
        if (e.target === search.current && (e.key === 'ArrowDown' || e.key === 'Enter')) {
          e.preventDefault();
          search.current?.blur();
          if (e.key === 'Enter') {
            const id = selected ?? moveSelection(rows, null, 1);
            if (id) openAgent(id);
          } else setSelected((cur) => moveSelection(rows, cur, 1));
        }
        return;
      }
      if (e.key === '/') {
        e.preventDefault();
        search.current?.focus();
      } else if (e.key === 'j' || e.key === 'ArrowDown') {
        e.preventDefault();
        setSelected((cur) => moveSelection(rows, cur, 1));
      } else if (e.key === 'k' || e.key === 'ArrowUp') {
        e.preventDefault();
        setSelected((cur) => moveSelection(rows, cur, -1));
      } else if (e.key === 'Enter' && selected && !(e.target as HTMLElement).closest?.('button, a')) {
        e.preventDefault();
        openAgent(selected);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, selected, query, states]);

  const toggleState = (s: AgentState) =>
    setStates((cur) => {
      const next = new Set(cur);
      if (next.has(s)) next.delete(s);
      else next.add(s);
      return next;
    });

  if (loaded && all.length === 0) {
    return (
      <section className="view">
        <header className="view-head">
          <h1>Agents</h1>
        </header>
        {noServer ? (
          <EmptyState icon="◧" title="No tmux server is running" action={<button className="primary" onClick={() => navigate('spawn')}>Spawn an agent</button>}>
            Start tmux or spawn an agent — spawning starts a server for you.
          </EmptyState>
        ) : (
          <EmptyState icon="+" title="No agents yet" action={<button className="primary" onClick={() => navigate('spawn')}>Spawn your first agent</button>}>
            Spawn your first agent, deploy a team from a template, or start Claude Code, Codex, Gemini or Aider in any tmux pane — it shows up here.
          </EmptyState>
        )}
      </section>
    );
  }

  return (
    <section className="view board">
      <header className="view-head">
        <h1>
          Agents <span className="muted small">{shown === all.length ? all.length : `${shown} of ${all.length}`}</span>
        </h1>
        <div className="toolbar">
          <input
            ref={search}
            type="search"
            className="search"
            placeholder="Search name, team, folder, question, output…  ( / )"
            aria-label="Search agents"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <label className="inline">
            Group by{' '}
            <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as GroupBy)} aria-label="Group by">
              <option value="team">Team</option>
              <option value="session">Session</option>
              <option value="none">Nothing</option>
            </select>
          </label>
          <button type="button" onClick={() => setBroadcast(true)} title="Send one message to a team or to every agent">
            Broadcast…
          </button>
          <button className="primary" onClick={() => navigate('spawn')} title="Spawn an agent (n)">
            + Spawn
          </button>
        </div>
      </header>
      <div className="chips" role="group" aria-label="Filter by state">
        {AGENT_STATES.filter((s) => counts[s] > 0 || states.has(s)).map((s) => (
          <button
            key={s}
            type="button"
            className={`chip state-${s} ${states.has(s) ? 'on' : ''}`}
            aria-pressed={states.has(s)}
            onClick={() => toggleState(s)}
          >
            <span aria-hidden="true">{STATE_META[s].icon}</span> {STATE_META[s].label} <b>{counts[s]}</b>
          </button>
        ))}
        {states.size > 0 && (
          <button type="button" className="chip clear" onClick={() => setStates(new Set())}>
            Clear filter
          </button>
        )}
      </div>
      {!loaded ? (
        <div className="loading">Loading agents…</div>
      ) : rows.length === 0 ? (
        <EmptyState icon="⌕" title="No agent matches">
          Nothing matches “{query}”{states.size ? ' in the chosen states' : ''}. Press Esc to clear.
        </EmptyState>
      ) : (
        <AgentRows rows={rows} selected={selected} onSelect={setSelected} sortBy={sortBy} onSort={setSortBy} />
      )}
      {broadcast && <Broadcast teams={teams} onClose={() => setBroadcast(false)} />}
    </section>
  );
}

function SortHeader(props: { label: string; by: SortBy; current: SortBy; onSort: (by: SortBy) => void }) {
  const on = props.by === props.current;
  return (
    <span role="columnheader" aria-sort={on ? (props.by === 'since' ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="linkish sort" onClick={() => props.onSort(props.by)} title={`Sort by ${props.label.toLowerCase()}`}>
        {props.label}
        {on ? ' ▾' : ''}
      </button>
    </span>
  );
}

function AgentRows(props: { rows: BoardRow[]; selected: string | null; onSelect: (id: string) => void; sortBy: SortBy; onSort: (by: SortBy) => void }) {
  const { rows, selected } = props;
  const parent = useRef<HTMLDivElement>(null);
  const now = useNow(1000);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: (i) => {
      const row = rows[i];
      return row?.kind === 'group' ? GROUP_HEIGHT : row && answerable(row.agent) ? WAITING_ROW_HEIGHT : ROW_HEIGHT;
    },
    overscan: 10,
    // jsdom (tests) has no layout: render a first window anyway.
    initialRect: { width: 1000, height: 800 },
  });
  const selIndex = rowIndexOf(rows, selected);
  useEffect(() => {
    if (selIndex >= 0) virtual.scrollToIndex(selIndex, { align: 'auto' });
  }, [selIndex, virtual]);

  return (
    <div className="table" role="grid" aria-label="Agents" aria-rowcount={rows.length}>
      <div className="thead" role="row">
        <SortHeader label="State" by="attention" current={props.sortBy} onSort={props.onSort} />
        <SortHeader label="Name" by="name" current={props.sortBy} onSort={props.onSort} />
        <SortHeader label="Role" by="role" current={props.sortBy} onSort={props.onSort} />
        <SortHeader label="Team" by="team" current={props.sortBy} onSort={props.onSort} />
        <SortHeader label="In state" by="since" current={props.sortBy} onSort={props.onSort} />
        <span role="columnheader">Question, reset or last line</span>
      </div>
      <div className="tbody" ref={parent}>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((v) => {
            const row = rows[v.index]!;
            const style = { transform: `translateY(${v.start}px)`, height: v.size };
            if (row.kind === 'group') {
              return (
                <div key={`g:${row.key}`} className="group-row" style={style} role="row">
                  <span role="rowheader">{row.label}</span>
                  <span className="muted">{plural(row.count, 'agent')}</span>
                  {row.attention > 0 && <span className="count count-alert">{row.attention} need attention</span>}
                </div>
              );
            }
            return (
              <AgentRow key={row.agent.id} agent={row.agent} now={now} style={style} selected={row.agent.id === selected} onSelect={props.onSelect} />
            );
          })}
        </div>
      </div>
    </div>
  );
}

function AgentRow(props: { agent: AgentInfo; now: number; style: React.CSSProperties; selected: boolean; onSelect: (id: string) => void }) {
  const a = props.agent;
  return (
    <div
      className={`agent-row ${props.selected ? 'selected' : ''}`}
      style={props.style}
      role="row"
      aria-selected={props.selected}
      data-agent={a.id}
      onClick={() => {
        props.onSelect(a.id);
        openAgent(a.id);
      }}
    >
      <span role="gridcell">
        <StateBadge state={a.state} />
      </span>
      <span role="gridcell" className="name">
        <b>{a.name}</b>
        <span className="muted small">{a.type}</span>
      </span>
      <span role="gridcell">{a.role}</span>
      <span role="gridcell">{a.team ?? <span className="muted">—</span>}</span>
      <span role="gridcell" className="mono" title={new Date(a.since).toLocaleString()}>
        {formatDuration(props.now - a.since)}
      </span>
      {answerable(a) ? (
        <div role="gridcell" className="row-answers">
          <span className="mono lastline question" title={a.reason ? `${a.reason}\n${a.lastLine}` : a.lastLine}>
            {rowDetail(a, (at) => formatClock(at, props.now))}
          </span>
          {/* The buttons answer the question shown above them (its fingerprint); a click on them is not a click on the row. */}
          <div onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
            <AnswerButtons agent={a} compact />
          </div>
        </div>
      ) : (
        <span role="gridcell" className={`mono lastline ${a.state === 'waiting' ? 'question' : ''}`} title={a.reason ? `${a.reason}\n${a.lastLine}` : a.lastLine}>
          {rowDetail(a, (at) => formatClock(at, props.now))}
        </span>
      )}
    </div>
  );
}

/** A waiting agent whose question was read from its screen gets answer buttons on its row. */
const answerable = (a: AgentInfo) => a.state === 'waiting' && !!a.prompt;
