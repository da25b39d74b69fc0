// Capture real agent screens as classifier fixtures: each real CLI (scripts/install-real-clis.sh)
// runs in a private tmux server against the model-API stand-in (test/helpers/model-api), is
// driven through every state it has, in a wide and a narrow pane, and each screen is saved as
//   test/fixtures/screens/<cli>/<state>-<what>[-narrow][-joined].txt
// (`-joined`: `capture-pane -J`, saved when it differs from the plain capture).
//   npx tsx scripts/capture-real-screens.ts [--only claude,codex,gemini,qwen,opencode] [--widths wide,narrow] [--limits]
// (`--limits`: only the rate- and usage-limit screens, and Claude Code's subscription screens.)
// The expected state of each screen is what this script drove the CLI to; `alt` records a
// second label a careful person could give. Review new screens before committing them.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { killPrivateServer } from './private-tmux.js';
import type { AgentState, AgentType } from '../src/shared/vocabulary.js';
import { startModelApi, type ModelApi } from '../test/helpers/model-api/index.js';
import { prepareCli, realCliPath, realCliScratch, REAL_CLIS, type RealCli } from '../test/helpers/real-clis.js';

const ROWS = 40;
const WIDTHS = { wide: 120, narrow: 56 } as const;
type Width = keyof typeof WIDTHS;
const QUIET_THRESHOLD_MS = 2000;
const OUT = resolve('test/fixtures/screens');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const only = (arg('--only') ?? REAL_CLIS.join(',')).split(',') as RealCli[];
const widths = (arg('--widths') ?? 'wide,narrow').split(',') as Width[];
const limitsOnly = process.argv.includes('--limits');
const server = `orc-test-capture-${randomBytes(4).toString('hex')}`;
// Not under /tmp: Codex refuses to set up its sandbox helper there (its commands then fail).
const scratch = realCliScratch('capture');

const tmux = async (...args: string[]): Promise<string> => (await execa('tmux', ['-L', server, '-f', '/dev/null', ...args])).stdout;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cleanup(): void {
  killPrivateServer(server);
  rmSync(scratch, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

/** How each CLI shows its states, and how to drive it. */
interface Driver {
  type: AgentType;
  version: string;
  /** The composer is on screen and the turn is over (nothing running). */
  idle: (s: string) => boolean;
  /** A turn is running. */
  busy: (s: string) => boolean;
  /** A permission / approval prompt. */
  permission: RegExp;
  /** A question from the model (choice list or typed answer). */
  question: RegExp;
  /** Submitting a prompt: the text, then Enter. */
  exit: string;
  /** Gemini-style shell mode (`!`). */
  shellMode?: boolean;
  /** Seconds its UI may take to come up. */
  startupS: number;
  /** Steps the CLI has the tools or display for (Codex offers no write, question or plan tool to a plain model). */
  steps: { reason: boolean; write: boolean; ask: boolean; tasks: boolean };
  /** The prompt whose reply is a usage limit it shows (default `orc-429-usage go`). */
  usagePrompt?: string;
}

const DRIVERS: Record<RealCli, Omit<Driver, 'version'>> = {
  claude: {
    type: 'claude',
    idle: (s) => /─{20,}\n❯[^\n]*\n─{20,}/.test(s) && !/esc to interrupt/.test(s),
    busy: (s) => /esc to interrupt/.test(s),
    permission: /Do you want to (?:proceed|make this edit|create)/,
    question: /Which database should I use|Type something/,
    exit: '/exit',
    startupS: 40,
    steps: { reason: true, write: true, ask: true, tasks: false },
  },
  codex: {
    type: 'codex',
    idle: (s) => /^› /m.test(s) && !/esc to interrupt/.test(s),
    busy: (s) => /esc to interrupt/.test(s),
    permission: /Would you like to (?:run|make)/,
    question: /Which database should I use/,
    exit: '/quit',
    startupS: 40,
    steps: { reason: false, write: false, ask: false, tasks: false },
  },
  gemini: {
    type: 'gemini',
    idle: (s) => /Type your message/.test(s) && !/esc to cancel/.test(s),
    busy: (s) => /esc to cancel/.test(s),
    permission: /Allow execution|Apply this change|Allow .*\?/,
    question: /Answer Questions|cache directory be called/,
    exit: '/quit',
    shellMode: true,
    startupS: 60,
    steps: { reason: true, write: true, ask: true, tasks: false },
  },
  qwen: {
    type: 'qwen',
    idle: (s) => /Type your message/.test(s) && !/esc to cancel/.test(s),
    busy: (s) => /esc to cancel|Waiting for user confirmation/.test(s),
    permission: /Allow execution|Apply this change|Do you want to proceed|Allow .*\?/,
    question: /AskUserQuestion|Which database should I use/,
    exit: '/quit',
    shellMode: true,
    startupS: 60,
    steps: { reason: true, write: true, ask: true, tasks: false },
  },
  opencode: {
    type: 'opencode',
    idle: (s) => /ctrl\+p commands/.test(s) && !/esc interrupt/.test(s) && !/Permission required|enter submit/.test(s),
    busy: (s) => /esc interrupt/.test(s),
    permission: /Permission required/,
    question: /enter submit|Type your own answer/,
    exit: '/exit',
    startupS: 240,
    steps: { reason: true, write: true, ask: true, tasks: true },
    // OpenAI's plain insufficient_quota it retries every few seconds; a limit with retry-after it waits out, showing the countdown.
    usagePrompt: 'orc-429-wait go',
  },
};

interface Header {
  cli: RealCli;
  type: AgentType;
  expect: AgentState;
  alt?: AgentState;
  what: string;
  version: string;
  captured: string;
  synthetic: false;
  width: number;
  joined: boolean;
  facts: { currentCommand: string; startCommand: string; dead: boolean; deadStatus: number | null; quietMs: number; quietThresholdMs: number };
}

class Session {
  saved = 0;
  constructor(
    readonly cli: RealCli,
    readonly driver: Driver,
    readonly pane: string,
    readonly width: Width,
    readonly api: ModelApi,
  ) {}

  async capture(joined = false): Promise<string> {
    const raw = await tmux('capture-pane', '-p', ...(joined ? ['-J'] : []), '-t', this.pane);
    return raw.split('\n').map((l) => l.trimEnd()).join('\n');
  }

  async facts(): Promise<Header['facts']> {
    const out = await tmux('display-message', '-p', '-t', this.pane, '#{pane_current_command}\t#{pane_dead}\t#{pane_dead_status}\t#{window_activity}\t#{pane_start_command}');
    const [cmd = '', dead = '0', status = '', activity = '0', start = ''] = out.split('\t');
    return {
      currentCommand: cmd,
      startCommand: start,
      dead: dead === '1',
      deadStatus: status === '' ? null : Number(status),
      quietMs: Math.max(0, Date.now() - Number(activity) * 1000),
      quietThresholdMs: QUIET_THRESHOLD_MS,
    };
  }

  async waitFor(what: string, predicate: (s: string) => boolean, timeoutMs = 30_000): Promise<string | null> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = await this.capture();
      if (predicate(screen)) return screen;
      await sleep(100);
    }
    console.warn(`[${this.cli}/${this.width}] timed out waiting for ${what}; screen:\n${screen.split('\n').filter((l) => l.trim()).slice(-15).join('\n')}`);
    return null;
  }

  /**
   * Save the screen as `expect`, but only a capture on which `holds` is true (screens move: the
   * state seen a moment ago may be gone), trying for a few seconds.
   */
  async save(expect: AgentState, what: string, holds: (s: string) => boolean, alt?: AgentState): Promise<void> {
    const deadline = Date.now() + 8000;
    let plain = await this.capture();
    while (!holds(plain)) {
      if (Date.now() > deadline) {
        console.warn(`[${this.cli}/${this.width}] not saved: ${expect}-${what} no longer on screen`);
        return;
      }
      await sleep(150);
      plain = await this.capture();
    }
    const [joined, facts] = await Promise.all([this.capture(true), this.facts()]);
    const suffix = this.width === 'narrow' ? '-narrow' : '';
    for (const [text, isJoined] of [[plain, false], [joined, true]] as const) {
      if (isJoined && joined === plain) continue;
      const header: Header = {
        cli: this.cli,
        type: this.driver.type,
        expect,
        ...(alt ? { alt } : {}),
        what,
        version: this.driver.version,
        captured: new Date().toISOString(),
        synthetic: false,
        width: WIDTHS[this.width],
        joined: isJoined,
        facts,
      };
      const dir = join(OUT, this.cli);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${expect}-${what}${suffix}${isJoined ? '-joined' : ''}.txt`);
      writeFileSync(file, `#fixture ${JSON.stringify(header)}\n${text}\n`);
      this.saved++;
    }
    console.log(`[${this.cli}/${this.width}] saved ${expect}-${what}`);
  }

  keys = (...keys: string[]) => tmux('send-keys', '-t', this.pane, ...keys);
  type = (text: string) => tmux('send-keys', '-t', this.pane, '-l', text);

  /** Type `text` and submit it; Enter again when the CLI swallowed the first one (still starting up). */
  async send(text: string): Promise<void> {
    const before = this.api.requests().length;
    await this.type(text);
    await this.waitFor(`"${text}" typed`, (s) => s.replace(/\s+/g, '').includes(text.replace(/\s+/g, '').slice(0, 20)), 10_000);
    await sleep(400);
    for (let i = 0; i < 3; i++) {
      await this.keys('Enter');
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline) {
        if (this.api.requests().length > before) return;
        await sleep(100);
      }
    }
  }

  async clearInput(count: number): Promise<void> {
    for (let i = 0; i < count; i++) await this.keys('BSpace');
  }

  /** Back to an idle composer after a step went wrong: dismiss, interrupt, clear. */
  async recover(): Promise<void> {
    if (this.driver.idle(await this.capture())) return;
    // Gemini CLI's usage-limit dialog ignores Esc: choose `2. Stop`.
    if (/1\. Keep trying/.test(await this.capture())) {
      await this.keys('2');
      await sleep(1500);
      if (this.driver.idle(await this.capture())) return;
    }
    // One Esc at a time: a quick second Esc opens the rewind menu (Claude Code, Qwen Code).
    for (const key of ['Escape', 'clear', 'Escape', 'clear']) {
      if (key === 'clear') await this.clearInput(80);
      else await this.keys(key);
      await sleep(1200);
      if (this.driver.idle(await this.capture())) return;
    }
    await this.waitFor('idle after recovery', this.driver.idle, 30_000);
  }

  async idle(timeoutMs = 40_000): Promise<boolean> {
    const s = await this.waitFor('idle', this.driver.idle, timeoutMs);
    await sleep(600); // let the last redraw land
    return s !== null;
  }
}

const has = (re: RegExp) => (s: string) => re.test(s);
const FIRST_RUN = /Make auto mode your default permission mode\?/;

async function drive(s: Session): Promise<void> {
  const d = s.driver;
  const idle = (x: string) => d.idle(x) && !FIRST_RUN.test(x);
  const up = await s.waitFor('first idle composer', (x) => d.idle(x) || FIRST_RUN.test(x), d.startupS * 1000);
  if (!up) throw new Error(`${s.cli} never became idle`);
  // Claude Code offers auto mode a moment after its box is drawn (no setting skips it): a decision.
  await sleep(2000);
  if (await s.waitFor('first-run offer', has(FIRST_RUN), s.cli === 'claude' ? 5000 : 1)) {
    await s.save('waiting', 'auto-mode-offer', has(FIRST_RUN));
    await s.keys('Down');
    await sleep(300);
    await s.keys('Enter');
    if (!(await s.idle())) throw new Error(`${s.cli} never became idle`);
  }
  await s.save('idle', 'empty-composer', idle);

  if (!limitsOnly) await driveStates(s, idle);

  // Limits and errors: each judged on what shows after its own prompt.
  const after = (prompt: string, x: string) => (x.includes(prompt) ? x.slice(x.lastIndexOf(prompt) + prompt.length) : '');
  const rate = 'orc-429-rate go';
  await s.send(rate);
  const retrying = (x: string) => d.busy(x) && /429|rate|retry|Retrying|attempt/i.test(after(rate, x));
  if (await s.waitFor('retrying after 429', retrying, 40_000)) await s.save('busy', 'retrying-after-429', retrying, 'rate_limited');
  const rateShown = (x: string) => idle(x) && /429|rate limit|quota/i.test(after(rate, x));
  if (await s.waitFor('per-minute 429 given up', rateShown, 120_000)) {
    await sleep(800);
    await s.save('rate_limited', 'per-minute-429', rateShown, 'error');
  }
  await s.recover();

  const usage = d.usagePrompt ?? 'orc-429-usage go';
  await s.send(usage);
  const usageShown = (x: string) => /limit|quota|429/i.test(after(usage, x)) && !d.busy(x);
  if (await s.waitFor('usage limit', usageShown, 60_000)) {
    await sleep(1200);
    await s.save('rate_limited', 'usage-limit', usageShown);
  }
  await s.recover();

  if (!limitsOnly) await driveErrors(s, idle, after);

  // Exit: the UI stays above the shell prompt.
  await s.type(d.exit);
  await sleep(500);
  await s.keys('Enter');
  const gone = Date.now() + 20_000;
  while (Date.now() < gone) {
    if ((await s.facts()).currentCommand === 'bash') break;
    await sleep(200);
  }
  await sleep(800);
  await s.save('crashed', 'exit-to-shell', () => true);
}

/** Drafts, replies, streaming, reasoning, tools, permissions, questions, task lists. */
async function driveStates(s: Session, idle: (x: string) => boolean): Promise<void> {
  const d = s.driver;
  const replied = (x: string) => x.includes('hello from the stand-in') && idle(x);
  const draft = 'draft for later, not sent';
  await s.type(draft);
  if (await s.waitFor('draft typed', (x) => x.includes(draft), 10_000)) {
    await sleep(500);
    await s.save('unsubmitted', 'typed-text', (x) => x.includes(draft) && !d.busy(x));
  }
  await s.clearInput(draft.length + 2);
  await s.waitFor('draft cleared', (x) => !x.includes(draft), 10_000);

  await s.send('say hello');
  if (await s.waitFor('reply', replied)) {
    await sleep(600);
    await s.save('idle', 'after-reply', replied);
  }

  // Streaming: busy while the reply streams (also with text typed meanwhile), Esc interrupts.
  await s.send('orc-slow-14 tell me a story');
  // Codex draws no status line while text streams: the turn ends with the stand-in's `All done.`.
  const streaming = (x: string) => /Streaming a long/.test(x) && !/All done\./.test(x.slice(x.lastIndexOf('orc-slow-14')));
  if (await s.waitFor('streaming', streaming, 20_000)) {
    await sleep(2500);
    await s.save('busy', 'streaming-reply', streaming);
    const queued = 'queued follow-up';
    await s.type(queued);
    if (await s.waitFor('typed while busy', (x) => x.includes(queued), 5000)) await s.save('busy', 'streaming-with-text-typed', (x) => x.includes(queued) && streaming(x));
    await s.clearInput(queued.length + 2);
    await sleep(500);
    await s.keys('Escape');
    if (s.cli === 'opencode') {
      await sleep(300);
      await s.keys('Escape'); // opencode interrupts on a second Esc
    }
    // Gemini CLI and Qwen Code put the cancelled prompt back into the composer: unsent text.
    const restored = (x: string) => !d.busy(x) && x.split('\n').slice(-8).some((l) => l.includes('orc-slow-14 tell me a story'));
    const settled = await s.waitFor('interrupted', (x) => idle(x) || restored(x), 20_000);
    if (settled && idle(settled)) await s.save('idle', 'after-interrupt', idle);
    else if (settled) {
      await sleep(800);
      await s.save('unsubmitted', 'prompt-restored-after-cancel', restored);
      await s.clearInput(40);
    }
  }
  await s.recover();

  if (d.steps.reason) {
    await s.send('orc-reason think first');
    const reasoning = (x: string) => /Weighing|Thinking|thinking|reasoning/i.test(x) && d.busy(x);
    if (await s.waitFor('reasoning', reasoning, 15_000)) {
      await sleep(800);
      await s.save('busy', 'reasoning', reasoning);
    }
    await s.waitFor('reply after reasoning', replied);
    await s.recover();
  }

  // A shell command: its permission prompt, approved; then a long-running one, interrupted.
  await s.send('orc-shell clean up');
  if (await s.waitFor('permission prompt', has(d.permission), 30_000)) {
    await sleep(800);
    await s.save('waiting', 'shell-permission', has(d.permission));
    await s.keys('Enter');
    const done = (x: string) => /Done\./.test(x) && idle(x);
    if (await s.waitFor('done after tool', done, 30_000)) {
      await sleep(600);
      await s.save('idle', 'after-tool', done);
    }
  }
  await s.recover();

  // `sleep` may need no approval (Claude Code, Codex's sandbox): then it just runs.
  await s.send('orc-long run the slow job');
  const longAsked = await s.waitFor('long tool asked or running', (x) => d.permission.test(x) || (d.busy(x) && /sleep 20/.test(x)), 30_000);
  if (longAsked) {
    if (d.permission.test(longAsked)) {
      await sleep(500);
      await s.keys('Enter');
    }
    const running = (x: string) => d.busy(x) && !d.permission.test(x);
    if (await s.waitFor('long tool running', running, 15_000)) {
      await sleep(3000);
      await s.save('busy', 'long-running-tool', running);
    }
    await s.keys('Escape');
    if (s.cli === 'opencode') {
      await sleep(300);
      await s.keys('Escape');
    }
    if (await s.idle(30_000)) await s.save('idle', 'after-interrupted-tool', idle);
  }
  await s.recover();

  if (d.steps.write) {
    await s.send('orc-write the notes');
    if (await s.waitFor('write permission', has(d.permission), 30_000)) {
      await sleep(800);
      await s.save('waiting', 'file-write-permission', has(d.permission));
      await s.keys('Escape');
      if (await s.idle(20_000)) await s.save('idle', 'after-rejected-permission', idle);
    }
    await s.recover();
  }

  if (d.steps.ask) {
    await s.send('orc-ask which one');
    const asking = (x: string) => d.question.test(x) && !idle(x);
    if (await s.waitFor('question', asking, 30_000)) {
      await sleep(800);
      await s.save('waiting', 'choice-question', asking);
    }
    await s.recover();
  }

  await s.send('orc-asktext name it');
  const typedAnswer = (x: string) => /cache directory be called/.test(x) && !idle(x);
  const textQuestion = (x: string) => /Postgres or SQLite\?/.test(x.slice(x.lastIndexOf('orc-asktext'))) && idle(x);
  const asked = await s.waitFor('free-text question', (x) => typedAnswer(x) || textQuestion(x), 30_000);
  if (asked) {
    await sleep(800);
    if (typedAnswer(asked)) await s.save('waiting', 'free-text-question', typedAnswer);
    else await s.save('idle', 'question-in-reply', textQuestion);
  }
  await s.recover();

  if (d.steps.tasks) {
    await s.send('orc-tasks plan it');
    const planning = (x: string) => /Fix the parser/.test(x) && d.busy(x);
    if (await s.waitFor('task list', planning, 30_000)) {
      await sleep(2000);
      await s.save('busy', 'task-list', planning);
      const done = (x: string) => /Done\./.test(x.slice(x.lastIndexOf('orc-tasks'))) && idle(x);
      if (await s.waitFor('task list done', done, 30_000)) {
        await sleep(600);
        await s.save('idle', 'after-task-list', done);
      }
    }
    await s.recover();
  }

}

/** API errors, then (Gemini-style CLIs) the shell-mode placeholder. */
async function driveErrors(s: Session, idle: (x: string) => boolean, after: (prompt: string, x: string) => string): Promise<void> {
  const d = s.driver;
  for (const [scenario, what, shows] of [
    ['500', 'api-500', /500|[Ii]nternal|high demand|temporar/],
    ['529', 'overloaded', /529|503|[Oo]verloaded/],
    ['401', 'invalid-api-key', /401|API key|api key|authentication|Unauthorized/i],
    ['context', 'context-limit', /too long|context|token count|exceeds/i],
  ] as const) {
    const prompt = `orc-${scenario} go`;
    await s.send(prompt);
    const shown = (x: string) => shows.test(after(prompt, x)) && idle(x);
    if (await s.waitFor(`${what} shown`, shown, 120_000)) {
      await sleep(1000);
      await s.save('error', what, shown);
    }
    await s.recover();
  }

  if (d.shellMode) {
    // After a clean reply (the errors above would otherwise still end the transcript).
    await s.send('say hello again');
    await s.waitFor('reply', (x) => /hello from the stand-in/.test(x.slice(x.lastIndexOf('say hello again'))) && idle(x));
    await sleep(600);
    await s.type('!');
    const shellMode = (x: string) => /shell mode|shell command/i.test(x);
    if (await s.waitFor('shell mode', shellMode, 5000)) {
      await sleep(500);
      await s.save('idle', 'shell-mode-placeholder', shellMode);
    }
    await s.keys('Escape');
    await sleep(500);
    await s.recover();
  }

}

/** Claude Code with a (dummy) subscription token: the session-limit screens and their menu. */
async function driveSubscription(s: Session): Promise<void> {
  const d = s.driver;
  const idle = (x: string) => d.idle(x) && !FIRST_RUN.test(x);
  if (!(await s.waitFor('first idle composer', (x) => d.idle(x) || FIRST_RUN.test(x), d.startupS * 1000))) return;
  await sleep(2000);
  if (FIRST_RUN.test(await s.capture())) {
    await s.keys('Down');
    await sleep(300);
    await s.keys('Enter');
    await s.idle();
  }
  await s.send('orc-429-usage go');
  const limited = (x: string) => /hit your .*limit/i.test(x) && idle(x);
  if (await s.waitFor('session limit', limited, 30_000)) {
    await sleep(1000);
    await s.save('rate_limited', 'subscription-session-limit', limited);
  }
  // The limit's menu opened over it: still rate limited (with the reset time), not a plain question.
  await s.type('/rate-limit-options');
  await sleep(800);
  await s.keys('Enter');
  const menu = (x: string) => /What do you want to do\?/.test(x) && /hit your .*limit/i.test(x);
  if (await s.waitFor('limit menu', menu, 15_000)) {
    await sleep(800);
    await s.save('rate_limited', 'usage-limit-menu', menu, 'waiting');
  }
  await s.keys('Escape');
  await sleep(1000);
  await s.recover();
  await s.type(d.exit);
  await sleep(500);
  await s.keys('Enter');
}

function version(bin: string): string {
  const home = mkdtempSync(join(scratch, 'v-'));
  const out = execFileSync(bin, ['--version'], { encoding: 'utf8', env: { ...process.env, HOME: home, CODEX_HOME: home }, stdio: ['ignore', 'pipe', 'ignore'] });
  return /\d+\.\d+\.\d+/.exec(out)?.[0] ?? out.trim();
}

async function captureCli(cli: RealCli): Promise<void> {
  const bin = realCliPath(cli);
  if (!bin) {
    console.warn(`${cli}: not installed (scripts/install-real-clis.sh); skipped`);
    return;
  }
  const driver: Driver = { ...DRIVERS[cli], version: version(bin) };
  await Promise.all(
    widths.map(async (width) => {
      const api = await startModelApi();
      try {
        const run = prepareCli(cli, api.url, join(scratch, `${cli}-${width}`));
        const envArgs = Object.entries(run.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
        const pane = (
          await tmux('new-session', '-d', '-s', `${cli}-${width}`, '-x', String(WIDTHS[width]), '-y', String(ROWS), '-c', run.work, '-P', '-F', '#{pane_id}', ...envArgs, 'bash --norc --noprofile')
        ).trim();
        const session = new Session(cli, driver, pane, width, api);
        await session.type(run.argv.join(' '));
        await session.keys('Enter');
        if (!limitsOnly || cli !== 'claude') await drive(session);
        console.log(`[${cli}/${width}] ${session.saved} files`);
        if (cli === 'claude') {
          const sub = prepareCli(cli, api.url, join(scratch, `${cli}-${width}-subscription`), { subscription: true });
          const subEnv = Object.entries(sub.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
          const subPane = (
            await tmux('new-session', '-d', '-s', `${cli}-${width}-sub`, '-x', String(WIDTHS[width]), '-y', String(ROWS), '-c', sub.work, '-P', '-F', '#{pane_id}', ...subEnv, 'bash --norc --noprofile')
          ).trim();
          const subSession = new Session(cli, driver, subPane, width, api);
          await subSession.type(sub.argv.join(' '));
          await subSession.keys('Enter');
          await driveSubscription(subSession);
        }
      } finally {
        await api.stop();
      }
    }),
  );
}

const before = new Set(readdirSync(OUT, { recursive: true }).map(String));
for (const cli of only) await captureCli(cli);
const after = readdirSync(OUT, { recursive: true }).map(String).filter((f) => !before.has(f));
console.log(`${after.length} new fixture files`);
process.exit(0);
