// A PREVIEW TOOL, not the product server: builds the renderer, serves it, and answers the
// contract from an in-memory table of made-up agents so the UI can be looked at (and
// screenshotted) without tmux or the engine. The real web dashboard is src/server.
//
//   npx tsx scripts/ui-preview.ts                 serve on http://127.0.0.1:5199/?token=…
//   npx tsx scripts/ui-preview.ts --agents 500    a big fleet
//   npx tsx scripts/ui-preview.ts --shots DIR     screenshot every view, light and dark, then exit
//   npx tsx scripts/ui-preview.ts --no-build      reuse out/ui-preview
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiError, dispatch, toApiError, type ApiEvent, type ApiHandlers } from '../src/shared/api.js';
import type {
  AgentInfo,
  AgentShare,
  EngineStatus,
  MessageLogEntry,
  MetricSeries,
  MetricsRange,
  NotificationRecord,
  ScheduleRecord,
  StateTransition,
  TeamTemplate,
} from '../src/shared/domain.js';
import { applySettingsPatch, DEFAULT_SETTINGS, type Settings } from '../src/shared/settings.js';
import { AGENT_STATES, type AgentRole, type AgentState, type AgentType, type NotificationKind } from '../src/shared/vocabulary.js';
import type { WireCall, WireReply } from '../src/shared/wire.js';
import { openStore } from '../src/core/store/index.js';
import { seedReviewHistory } from '../test/helpers/seed-review.js';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'out/ui-preview');

// ---------------------------------------------------------------- made-up world

/** A small deterministic PRNG, so screenshots are stable between runs. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const LAST_LINES: Record<AgentState, string[]> = {
  starting: ['Starting Claude Code…', 'Loading model configuration'],
  busy: ['✻ Refactoring payment retries… (esc to interrupt)', 'Running npm test -- --run', '⠋ Reading src/api/routes.ts', 'Editing 3 files · 42s · ↓ 1.2k tokens'],
  idle: ['> ', '✓ All 128 tests passed', 'Done. Anything else?'],
  waiting: ['Do you want to make this edit to src/server/auth.ts?', 'Allow command `rm -rf build`? (y/n)', 'Do you trust the files in this folder?'],
  unsubmitted: ['> please also update the changelog'],
  rate_limited: ['Claude usage limit reached. Your limit will reset at 9pm.'],
  crashed: ['$ ', 'Segmentation fault (core dumped)'],
  error: ['API Error: 401 invalid x-api-key', 'Error: ENOSPC: no space left on device'],
  unknown: ['…'],
};
const REASONS: Record<AgentState, string> = {
  starting: 'launched, waiting for the prompt',
  busy: 'spinner and "esc to interrupt" on screen',
  idle: 'quiet for 2 s with an empty prompt',
  waiting: 'permission prompt with a numbered menu',
  unsubmitted: 'text sits in the input box',
  rate_limited: 'usage limit message',
  crashed: 'pane is back at a shell prompt',
  error: 'fatal API error on screen',
  unknown: 'screen not recognised',
};

interface World {
  agents: Map<string, AgentInfo>;
  transitions: StateTransition[];
  notifications: NotificationRecord[];
  messages: MessageLogEntry[];
  schedules: ScheduleRecord[];
  templates: TeamTemplate[];
  settings: Settings;
  status: EngineStatus;
  emit: (e: ApiEvent) => void;
}

function makeWorld(count: number, emit: (e: ApiEvent) => void): World {
  const rand = rng(42);
  const now = Date.now();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const teams = ['payments', 'search', 'infra', 'mobile', 'billing', 'growth', 'platform', 'data'];
  const weights: [AgentState, number][] = [
    ['busy', 40], ['idle', 30], ['waiting', 8], ['unsubmitted', 4], ['rate_limited', 3], ['crashed', 2], ['error', 2], ['starting', 2], ['unknown', 1],
  ];
  const weighted = (): AgentState => {
    let r = rand() * 92;
    for (const [s, w] of weights) if ((r -= w) < 0) return s;
    return 'idle';
  };
  const agents = new Map<string, AgentInfo>();
  const add = (name: string, role: AgentRole, team: string | null, type: AgentType, state: AgentState, i: number) => {
    const paneId = `%${i + 1}`;
    const session = team ?? 'orc';
    const a: AgentInfo = {
      id: `local/${paneId}`, host: 'local', paneId, target: `${session}:${i % 7}.0`, session, windowName: name, name, type, role, team, tagged: true,
      state, reason: REASONS[state], since: now - Math.floor(rand() * 3_600_000 * (state === 'idle' ? 2 : 0.3)), lastLine: pick(LAST_LINES[state]),
      command: type, cwd: `/home/dev/src/${team ?? 'orchestrator'}`, resetAt: state === 'rate_limited' ? now + 2 * 3_600_000 : null,
    };
    agents.set(a.id, a);
  };
  if (count > 0) add('orchestrator', 'orchestrator', null, 'claude', 'idle', 0);
  let i = 1;
  for (let t = 0; i < count; t++) {
    const team = teams[t % teams.length]! + (t >= teams.length ? `-${Math.floor(t / teams.length) + 1}` : '');
    add(`pm-${team}`, 'pm', team, 'claude', i === 1 ? 'waiting' : weighted(), i++);
    const n = Math.min(count - i, 3 + Math.floor(rand() * 4));
    for (let e = 1; e <= n; e++) add(`${team}-eng-${e}`, 'engineer', team, pick(['claude', 'claude', 'codex', 'gemini', 'aider'] as const), weighted(), i++);
    if (i < count && rand() < 0.6) add(`${team}-qa`, 'qa', team, 'claude', weighted(), i++);
  }
  const transitions: StateTransition[] = [];
  for (const a of agents.values()) {
    let at = a.since - 6 * 3_600_000;
    let from: AgentState = 'starting';
    for (let k = 0; k < 8; k++) {
      const options = (['busy', 'idle', 'waiting'] as const).filter((x) => x !== from);
      const to: AgentState = k === 7 ? a.state : pick(options);
      at += Math.floor(rand() * 40 * 60_000);
      if (k === 7) at = a.since;
      transitions.push({ agentId: a.id, agent: a.name, target: a.target, team: a.team, from, to, at, reason: REASONS[to] });
      from = to;
    }
  }
  const kinds: NotificationKind[] = ['idle', 'waiting', 'unsubmitted', 'rate_limited', 'crashed', 'error', 'team_idle'];
  const texts: Record<NotificationKind, string> = {
    idle: 'finished and is waiting for work', waiting: 'needs a decision: permission to edit src/server/auth.ts', unsubmitted: 'left text unsent in its input box',
    rate_limited: 'hit its usage limit (resets 21:00)', crashed: 'exited to the shell', error: 'shows a fatal error: API Error 401', team_idle: 'every member has been idle for 5 minutes',
    lost: '2 agents lost without being killed: web-1, web-2',
  };
  const list = [...agents.values()];
  const notifications: NotificationRecord[] = list.length
    ? Array.from({ length: 40 }, (_, k) => {
        const kind = kinds[k % kinds.length]!;
        const a = pick(list);
        return {
          id: k + 1, kind, agent: kind === 'team_idle' ? null : a.name, agentId: kind === 'team_idle' ? null : a.id, team: a.team,
          text: texts[kind], createdAt: now - k * 7 * 60_000 - Math.floor(rand() * 60_000), readAt: k < 6 ? null : now - k * 60_000,
          members: kind === 'team_idle' ? [] : [{ agentId: a.id, agent: a.name, resolvedAt: k < 4 ? null : now - k * 6 * 60_000 }],
          resolvedAt: kind === 'idle' || kind === 'team_idle' || k < 4 ? null : now - k * 6 * 60_000,
        };
      })
    : [];
  const messages: MessageLogEntry[] = list.slice(0, 5).map((a, k) => ({
    id: k + 1, server: 'local:/tmp/tmux-1000/default', agent: a.name, target: a.target, text: `Status report please (${k + 1})`, status: 'delivered', reason: '', createdAt: now - k * 600_000,
  }));
  return {
    agents, transitions, notifications, messages, emit,
    schedules: list.length
      ? [
          { id: 1, server: 'local:/tmp/tmux-1000/default', target: 'pm-payments', text: 'Status report please: what is done, what is blocked?', nextAt: now + 17 * 60_000, everyMs: 30 * 60_000, createdAt: now - 86_400_000, lastRunAt: now - 13 * 60_000 },
          { id: 2, server: 'local:/tmp/tmux-1000/default', target: 'orchestrator', text: 'Daily summary for the team leads', nextAt: now + 5 * 3_600_000, everyMs: 86_400_000, createdAt: now - 3 * 86_400_000, lastRunAt: now - 19 * 3_600_000 },
          { id: 3, server: 'local:/tmp/tmux-1000/default', target: 'search-eng-2', text: 'Remember to rebase on main before the review', nextAt: now + 45 * 60_000, everyMs: null, createdAt: now - 600_000, lastRunAt: null },
        ]
      : [],
    templates: [
      { name: 'web-team', description: 'A PM with two full-stack engineers', pmType: 'claude', engineerType: 'claude', engineers: 2, qa: false, briefing: '', cwd: '/home/dev/src/web' },
      { name: 'big-team', description: 'A PM, four engineers and QA', pmType: 'claude', engineerType: 'codex', engineers: 4, qa: true, briefing: '', cwd: null },
    ],
    settings: structuredClone(DEFAULT_SETTINGS),
    status: {
      hosts: [{ host: 'local', status: count > 0 ? 'connected' : 'no_server', message: count > 0 ? 'tmux 3.4, 1 control client' : 'no server running on /tmp/tmux-1000/default' }],
      monitoring: true, leaseHolder: 'preview', version: '0.1.0-preview', shell: 'web',
      server: { socketName: 'orc', socketPath: null },
      agentCommandOverrides: { codex: 'codex --full-auto' },
    },
  };
}

// ---------------------------------------------------------------- screens and metrics

const ESC = '\x1b[';
function screenOf(a: AgentInfo): string {
  const dim = (s: string) => `${ESC}2m${s}${ESC}0m`;
  const c = (n: number, s: string) => `${ESC}38;5;${n}m${s}${ESC}0m`;
  const bold = (s: string) => `${ESC}1m${s}${ESC}0m`;
  const visible = (l: string) => l.replace(/\x1b\[[0-9;]*m/g, '').length;
  const box = (lines: string[]) => [
    c(244, '╭' + '─'.repeat(98) + '╮'),
    ...lines.map((l) => c(244, '│ ') + l + ' '.repeat(Math.max(0, 97 - visible(l))) + c(244, '│')),
    c(244, '╰' + '─'.repeat(98) + '╯'),
  ];
  const head = [
    c(174, '✻') + ' Welcome to ' + bold('Claude Code') + '!',
    '',
    dim(`  cwd: ${a.cwd}`),
    '',
    c(75, '> ') + 'Add retries with exponential backoff to the payment client and cover it with tests',
    '',
    c(114, '●') + ' I\'ll look at the payment client first.',
    '',
    c(114, '●') + ' ' + bold('Read') + '(src/payments/client.ts)',
    dim('  ⎿  Read 214 lines'),
    '',
    c(114, '●') + ' ' + bold('Update') + '(src/payments/client.ts)',
    dim('  ⎿  Updated src/payments/client.ts with 24 additions and 3 removals'),
    `     ${c(71, '+  const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);')}`,
    `     ${c(71, '+  await sleep(delay + jitter());')}`,
    `     ${c(167, '-  await sleep(1000);')}`,
    '',
  ];
  let tail: string[];
  switch (a.state) {
    case 'waiting':
      tail = box([bold('Edit file'), '', 'Do you want to make this edit to ' + bold('src/server/auth.ts') + '?', c(75, '❯ 1. Yes'), '  2. Yes, and don\'t ask again this session', '  3. No, and tell Claude what to do differently ' + dim('(esc)')]);
      break;
    case 'busy':
      tail = [c(174, '✻ Refactoring payment retries… ') + dim('(42s · ↓ 1.2k tokens · esc to interrupt)'), '', ...box([c(244, '> ')])];
      break;
    case 'rate_limited':
      tail = [c(203, 'Claude usage limit reached. Your limit will reset at 9pm (Europe/Berlin).'), '', ...box([c(244, '> ')])];
      break;
    case 'crashed':
      tail = [c(203, 'Segmentation fault (core dumped)'), c(70, 'dev@box') + ':' + c(75, '~/src/payments') + '$ '];
      break;
    case 'error':
      tail = [c(203, 'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}'), '', ...box([c(244, '> ')])];
      break;
    case 'unsubmitted':
      tail = box(['> please also update the changelog']);
      break;
    default:
      tail = [c(114, '●') + ' Done: retries added, 12 new tests, all 128 passing.', '', ...box([c(244, '> ')]), dim('  ? for shortcuts')];
  }
  return [...head, ...tail].join('\n');
}

const RANGE_MS: Record<MetricsRange, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };
const STEP_MS: Record<MetricsRange, number> = { '1h': 10_000, '24h': 60_000, '7d': 300_000, '30d': 300_000 };

function metrics(world: World, range: MetricsRange) {
  const rand = rng(7);
  const now = Date.now();
  const step = STEP_MS[range];
  const n = Math.floor(RANGE_MS[range] / step);
  const xs = Array.from({ length: n }, (_, i) => Math.floor((now - (n - 1 - i) * step) / step) * step);
  const wave = (i: number, period: number) => Math.sin((i / period) * Math.PI * 2);
  const perDay = 86_400_000 / step;
  const series: MetricSeries[] = [
    { name: 'reconcileMs', unit: 'ms', points: xs.map((x, i) => [x, 18 + 6 * wave(i, perDay) + rand() * 5]) },
    { name: 'transitionLatencyMs', unit: 'ms', points: xs.map((x) => [x, 2 + rand() * 3 + (rand() < 0.01 ? 20 : 0)]) },
    { name: 'cpuPercent', unit: '%', points: xs.map((x, i) => [x, 1.5 + 1 * wave(i, perDay) + rand()]) },
    { name: 'rssMb', unit: 'MB', points: xs.map((x, i) => [x, 92 + 10 * wave(i, perDay * 3) + rand() * 2]) },
  ];
  const total = Math.max(world.agents.size, 1);
  const byState: MetricSeries[] = AGENT_STATES.filter((s) => s !== 'unknown').map((s) => ({
    name: s, unit: 'agents',
    points: xs.map((x, i) => {
      const day = (wave(i, perDay) + 1) / 2;
      const share = s === 'busy' ? 0.2 + 0.4 * day : s === 'idle' ? 0.6 - 0.35 * day : s === 'waiting' ? 0.08 : 0.025;
      return [x, Math.round(total * share * (0.85 + rand() * 0.3))];
    }),
  }));
  const days = Math.max(1, Math.round(RANGE_MS[range] / 86_400_000));
  const dayStart = new Date(now).setHours(0, 0, 0, 0);
  const shares: AgentShare[] = [];
  for (const a of [...world.agents.values()].slice(0, 40)) {
    for (let d = 0; d < days; d++) {
      const busy = rand();
      shares.push({ agent: a.name, day: dayStart - d * 86_400_000, busyMs: busy * 8 * 3_600_000, idleMs: (1 - busy) * 7 * 3_600_000, otherMs: rand() * 3_600_000 });
    }
  }
  return { range, series, byState, shares };
}

// ---------------------------------------------------------------- the handler table

/** The review comes from a real in-memory store seeded with a month of made-up history. */
const reviewStore = openStore({ path: ':memory:' });
seedReviewHistory(reviewStore, { now: Date.now(), days: 30 });

function handlers(world: World): ApiHandlers {
  const find = (target: string) => {
    for (const a of world.agents.values()) if (a.id === target || a.name === target || a.target === target || a.paneId === target) return a;
    throw Object.assign(new Error(`no agent "${target}"`), { code: 'not_found' });
  };
  let nextId = 1000;
  const setState = (a: AgentInfo, to: AgentState) => {
    const next = { ...a, state: to, since: Date.now(), reason: REASONS[to], lastLine: LAST_LINES[to][0]! };
    world.agents.set(a.id, next);
    const transition = { agentId: a.id, agent: a.name, target: a.target, team: a.team, from: a.state, to, at: next.since, reason: next.reason };
    world.transitions.push(transition);
    world.emit({ type: 'agentChanged', agent: next, transition });
    return next;
  };
  const table: ApiHandlers = {
    getStatus: async () => world.status,
    listAgents: async (i) => [...world.agents.values()].filter((a) => (!i.state || a.state === i.state) && (!i.team || a.team === i.team)),
    getAgent: async (i) => find(i.target),
    capturePane: async (i) => ({ agentId: find(i.target).id, text: screenOf(find(i.target)), cols: 100, rows: 30, historySize: 0 }),
    getTimeline: async (i) => world.transitions.filter((t) => t.agentId === find(i.target).id).slice(-i.limit),
    sendMessage: async (i) => {
      const a = find(i.target);
      const status = a.state === 'busy' && !i.now ? 'queued' : 'delivered';
      world.messages.push({ id: nextId++, server: 'local:/tmp/tmux-1000/default', agent: a.name, target: a.target, text: i.text, status, reason: '', createdAt: Date.now() });
      if (status === 'delivered') setTimeout(() => setState(world.agents.get(a.id)!, 'busy'), 300);
      return { status, reason: status === 'queued' ? 'the agent is busy' : '', messageId: nextId };
    },
    sendKeys: async (i) => {
      setTimeout(() => setState(find(i.target), 'busy'), 200);
      return { ok: true };
    },
    answerPrompt: async (i) => {
      const a = find(i.target);
      if (!a.prompt) throw Object.assign(new Error(`${a.name} shows no prompt to answer; nothing typed`), { code: 'conflict' });
      if (i.fingerprint && i.fingerprint !== a.prompt.fingerprint) throw Object.assign(new Error(`the prompt changed: ${a.name} now asks "${a.prompt.question}"; nothing typed`), { code: 'conflict' });
      const option = a.prompt.options.find((o) => String(o.number) === i.choice) ?? null;
      setTimeout(() => setState(find(i.target), 'busy'), 200);
      return { agentId: a.id, keys: option?.keys ?? ['Escape'], option, prompt: a.prompt };
    },
    broadcast: async (i) => {
      const members = [...world.agents.values()].filter((a) => i.all || a.team === i.team);
      const out = [];
      for (const a of members) out.push({ target: a.name, result: await table.sendMessage({ target: a.id, text: i.text, now: i.now, anyPane: false, replace: false }) });
      return out;
    },
    listMessages: async (i) => world.messages.filter((m) => !i.target || m.agent === find(i.target).name).slice(-i.limit),
    listQueued: async (i) => world.messages.filter((m) => m.status === 'queued' && (!i.target || m.agent === find(i.target).name)).slice(-i.limit),
    cancelQueued: async ({ id }) => {
      const m = world.messages.find((x) => x.id === id && x.status === 'queued');
      if (!m) throw new ApiError('conflict', `message #${id} is not queued: nothing to cancel`);
      m.status = 'cancelled';
      return { ...m };
    },
    spawnAgent: async (i) => {
      if ([...world.agents.values()].some((a) => a.name === i.name)) throw Object.assign(new Error(`spawnAgent: name: an agent named "${i.name}" already exists`), { code: 'conflict' });
      const id = `local/%${nextId++}`;
      const a: AgentInfo = {
        id, host: 'local', paneId: id.slice(6), target: `${i.team ?? 'orc'}:9.0`, session: i.team ?? 'orc', windowName: i.name, name: i.name, type: i.type === 'custom' ? 'generic' : i.type,
        role: i.role, team: i.team ?? null, tagged: true, state: 'starting', reason: REASONS.starting, since: Date.now(), lastLine: 'Starting…', command: i.command ?? i.type, cwd: i.cwd ?? '/home/dev', resetAt: null,
      };
      world.agents.set(id, a);
      world.emit({ type: 'agentChanged', agent: a });
      await new Promise((r) => setTimeout(r, 1500));
      return { agent: setState(a, 'idle'), briefing: i.briefing ? { status: 'delivered', reason: '', messageId: null } : null };
    },
    deployTeam: async () => [],
    listTeamTemplates: async () => world.templates,
    saveTeamTemplate: async (t) => t,
    killAgent: async (i) => {
      const a = find(i.target);
      world.agents.delete(a.id);
      world.emit({ type: 'agentRemoved', id: a.id });
      return { ok: true, savedScreen: true };
    },
    getChanges: async (i) => {
      const a = find(i.target);
      return { agentId: a.id, dir: a.cwd, repo: null, base: null, baseLabel: '', worktree: null, files: [], diff: '', truncated: false };
    },
    commitWorktree: async () => ({ commit: 'c0ffee', files: 1 }),
    mergeWorktree: async () => ({ commit: 'beef', baseBranch: 'main', commits: 1 }),
    restartAgent: async (i) => setState(find(i.target), 'starting'),
    // The preview's fleet is never lost.
    restoreFleet: async () => [],
    listNotifications: async (i) => world.notifications.filter((n) => (!i.unread || n.readAt === null) && (!i.kind || n.kind === i.kind)).slice(0, i.limit),
    markRead: async (i) => {
      let updated = 0;
      for (const n of world.notifications) {
        if (n.readAt !== null || !(i.all || i.ids?.includes(n.id))) continue;
        n.readAt = Date.now();
        updated++;
      }
      return { updated };
    },
    getMetrics: async (i) => metrics(world, i.range),
    getReview: async (i) => reviewStore.review.get(i.range),
    listSchedules: async () => world.schedules,
    schedule: async (i) => {
      const now = Date.now();
      const s: ScheduleRecord = { id: nextId++, server: 'local:/tmp/tmux-1000/default', target: i.target, text: i.text, nextAt: i.at ?? now + (i.inMs ?? i.everyMs ?? 0), everyMs: i.everyMs ?? null, createdAt: now, lastRunAt: null };
      world.schedules.push(s);
      return s;
    },
    cancelSchedule: async (i) => {
      world.schedules = world.schedules.filter((s) => s.id !== i.id);
      return { ok: true };
    },
    getSettings: async () => world.settings,
    updateSettings: async (patch) => {
      world.settings = applySettingsPatch(world.settings, patch);
      return world.settings;
    },
    setMonitoring: async (i) => ({ monitoring: i.enabled }),
    pickFolder: async () => ({ path: null }),
  };
  return table;
}

// ---------------------------------------------------------------- serving

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2' };

async function buildRenderer(): Promise<void> {
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  await build({ root: join(ROOT, 'src/renderer'), base: './', plugins: [react()], logLevel: 'warn', build: { outDir: OUT, emptyOutDir: true } });
}

interface Preview {
  url: string;
  /** Drop every socket and refuse new ones (the "connection lost" state), or allow them again. */
  setOnline(online: boolean): void;
  close(): Promise<void>;
}

async function serve(port: number, agents: number, live: boolean): Promise<Preview> {
  const token = randomBytes(12).toString('hex');
  const sockets = new Set<WebSocket>();
  const world = makeWorld(agents, (event) => {
    const frame = JSON.stringify({ event });
    for (const ws of sockets) ws.send(frame);
  });
  const table = handlers(world);
  let online = true;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const rel = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '');
      const file = join(OUT, rel === '/' ? 'index.html' : rel);
      if (!file.startsWith(OUT)) return void res.writeHead(403).end();
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404).end('not found');
      }
    })();
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (!online || url.pathname !== '/ws' || url.searchParams.get('token') !== token) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        let call: WireCall;
        try {
          call = JSON.parse(String(data)) as WireCall;
        } catch {
          return;
        }
        dispatch(table, call.method, call.input).then(
          (result) => ws.send(JSON.stringify({ id: call.id, ok: true, result } satisfies WireReply)),
          (err: unknown) => ws.send(JSON.stringify({ id: call.id, ok: false, error: toApiError(err) } satisfies WireReply)),
        );
      });
    });
  });

  // A little life: some agent changes state every couple of seconds.
  const rand = rng(1);
  const timer = live
    ? setInterval(() => {
        const list = [...world.agents.values()];
        if (!list.length) return;
        const a = list[Math.floor(rand() * list.length)]!;
        const to = (['busy', 'idle', 'busy', 'waiting'] as const)[Math.floor(rand() * 4)]!;
        if (a.state === to) return;
        const next = { ...a, state: to, since: Date.now(), reason: REASONS[to], lastLine: LAST_LINES[to][0]! };
        world.agents.set(a.id, next);
        world.emit({ type: 'agentChanged', agent: next, transition: { agentId: a.id, agent: a.name, target: a.target, team: a.team, from: a.state, to, at: next.since, reason: next.reason } });
      }, 2_000)
    : null;

  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const addr = server.address();
  const realPort = typeof addr === 'object' && addr ? addr.port : port;
  return {
    url: `http://127.0.0.1:${realPort}/?token=${token}`,
    setOnline(v) {
      online = v;
      if (!v) for (const ws of sockets) ws.terminate();
    },
    close: async () => {
      if (timer) clearInterval(timer);
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

// ---------------------------------------------------------------- screenshots

async function screenshots(dir: string, agents: number): Promise<void> {
  const { launchChromium } = await import('../test/e2e/helpers.js');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  const full = await serve(0, agents, false);
  const empty = await serve(0, 0, false);
  const browser = await launchChromium();
  const shots: string[] = [];
  try {
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: scheme });
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && console.error(`[console] ${m.text()}`));
      const shot = async (name: string) => {
        const file = join(dir, `${name}-${scheme}.png`);
        await page.screenshot({ path: file });
        shots.push(file);
      };
      await page.goto(full.url);
      await page.locator('.agent-row').first().waitFor();
      await shot('board');
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      await page.keyboard.press('/');
      await page.keyboard.type('payments');
      await shot('board-search');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Broadcast…' }).click();
      await page.getByLabel('Message', { exact: true }).fill('Please commit your work and report your status.');
      await page.getByRole('dialog').getByRole('button', { name: 'Send' }).click();
      await page.getByText(/Sent to \d+ agents/).waitFor();
      await shot('broadcast');
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
      const waiting = page.locator('.agent-row', { hasText: 'Waiting' }).first();
      await waiting.click();
      await page.locator('.xterm-rows').waitFor();
      await page.locator('.timeline li').first().waitFor();
      await page.waitForTimeout(300); // xterm paints on the next frame
      await shot('agent-detail');
      await page.getByRole('button', { name: 'Kill' }).click();
      await shot('agent-kill-confirm');
      await page.getByRole('button', { name: 'Cancel' }).click();
      for (const view of ['spawn', 'notifications', 'schedules', 'settings'] as const) {
        await page.goto(`${full.url.replace(/\?.*/, '')}#/${view}`);
        await page.locator('.view h1').first().waitFor();
        await page.waitForTimeout(200);
        await shot(view);
      }
      await page.goto(`${full.url.replace(/\?.*/, '')}#/spawn`);
      await page.getByRole('button', { name: 'Spawn agent' }).click();
      await shot('spawn-validation');
      await page.getByPlaceholder('e.g. backend-1').fill(`api-${scheme}`);
      await page.getByPlaceholder('e.g. payments').fill('payments');
      await page.getByRole('button', { name: 'Spawn agent' }).click();
      await page.getByText('Waiting for ready…').waitFor();
      await shot('spawn-progress');
      await page.waitForURL(/#\/agents\/local/);
      await page.locator('.xterm-rows').waitFor();
      await shot('spawn-opened');
      await page.setViewportSize({ width: 820, height: 900 });
      await page.goto(`${full.url.replace(/\?.*/, '')}#/agents`);
      await page.locator('.agent-row').first().waitFor();
      await shot('board-narrow');
      await page.setViewportSize({ width: 1440, height: 900 });
      for (const range of ['24h', '30d'] as const) {
        await page.goto(`${full.url.replace(/\?.*/, '')}#/performance`);
        await page.getByRole('button', { name: range }).click();
        await page.getByText(/drawn in \d+ ms/).waitFor();
        console.log(`performance ${range} (${scheme}): ${await page.getByText(/drawn in \d+ ms/).textContent()}`);
        await shot(`performance-${range}`);
      }
      await page.keyboard.press('?');
      await shot('shortcuts');
      await page.keyboard.press('Escape');
      full.setOnline(false);
      await page.getByText('Connection lost — reconnecting…').waitFor();
      await shot('connection-lost');
      full.setOnline(true);
      await page.getByText('Connection lost — reconnecting…').waitFor({ state: 'detached' });

      await page.goto(empty.url);
      await page.getByText('No tmux server is running').waitFor();
      await shot('empty-no-server');
      await ctx.close();
    }
  } finally {
    await browser.close();
    await full.close();
    await empty.close();
  }
  console.log(shots.join('\n'));
}

// ---------------------------------------------------------------- main

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5199' },
    agents: { type: 'string', default: '42' },
    shots: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const agents = Math.max(0, Math.min(2000, Number(values.agents) || 0));
if (!values['no-build']) await buildRenderer();
if (values.shots) {
  await screenshots(resolve(values.shots), agents);
} else {
  const p = await serve(Number(values.port), agents, true);
  console.log(`UI preview (in-memory fake engine, NOT the product server): ${p.url}`);
}
