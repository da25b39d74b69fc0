// Capture real agent screens as classifier fixtures (test/fixtures/screens/<cli>/<state>-<what>.txt).
//   npx tsx scripts/capture-screens.ts [--clis /tmp/agent-clis] [--only claude,claude-api,gemini,gemini-api,fake]
// The CLIs are installed OUTSIDE the repo:
//   mkdir -p /tmp/agent-clis && cd /tmp/agent-clis && npm init -y && npm install @anthropic-ai/claude-code @google/gemini-cli
// Both run offline up to their first API call. Everything runs in a private tmux server
// (orc-test-capture-*, killed at the end) with scratch HOME folders and dummy API keys.
// Second sessions of Claude Code and Gemini CLI talk to tiny local stand-ins for their APIs
// (below), so their real reply, working spinner, tool-permission, usage-limit and API-error
// screens can be captured too.
// Each file starts with one header line `#fixture {json}` (expected state, pane facts, versions);
// the rest is the screen exactly as `capture-pane -p` printed it.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { killPrivateServer } from './private-tmux.js';
import type { AgentState, AgentType } from '../src/shared/vocabulary.js';

const COLS = 120;
const ROWS = 40;
const QUIET_THRESHOLD_MS = 2000;
const OUT = resolve('test/fixtures/screens');
const FAKE = resolve('test/fixtures/fake-agent/fake-agent.mjs');

interface Header {
  cli: string;
  type: AgentType;
  expect: AgentState;
  what: string;
  version: string;
  captured: string;
  synthetic: false;
  facts: { currentCommand: string; dead: boolean; deadStatus: number | null; quietMs: number; quietThresholdMs: number };
  paneTitle: string;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const clis = resolve(arg('--clis') ?? '/tmp/agent-clis');
const only = new Set((arg('--only') ?? 'claude,claude-api,gemini,gemini-api,fake').split(','));
const server = `orc-test-capture-${randomBytes(4).toString('hex')}`;
const scratch = mkdtempSync(join(tmpdir(), 'orc-capture-'));

const tmux = async (...args: string[]): Promise<string> =>
  (await execa('tmux', ['-L', server, '-f', '/dev/null', ...args])).stdout;

function cleanup(): void {
  killPrivateServer(server);
  try {
    rmSync(scratch, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } catch {
    console.warn(`could not remove ${scratch}`);
  }
}
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function capture(pane: string): Promise<string> {
  const raw = await tmux('capture-pane', '-p', '-t', pane);
  return raw.split('\n').map((l) => l.trimEnd()).join('\n');
}

async function waitFor(pane: string, what: string, predicate: (s: string) => boolean, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let screen = '';
  while (Date.now() < deadline) {
    screen = await capture(pane);
    if (predicate(screen)) return screen;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
}

async function shell(name: string, env: Record<string, string>, cwd: string): Promise<string> {
  // No history file: bash would write it into the scratch HOME while we delete it.
  const envArgs = Object.entries({ HISTFILE: '', ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const pane = await tmux('new-session', '-d', '-s', name, '-x', String(COLS), '-y', String(ROWS), '-c', cwd,
    '-P', '-F', '#{pane_id}', ...envArgs, 'bash --norc --noprofile');
  return pane.trim();
}

const type = (pane: string, text: string) => tmux('send-keys', '-t', pane, '-l', text);

/** Press `key` until the screen moves on: a key sent while a CLI restarts or redraws can be lost. */
async function advance(pane: string, key: string, what: string, predicate: (s: string) => boolean, tries = 4): Promise<string> {
  for (let i = 1; ; i++) {
    await tmux('send-keys', '-t', pane, key);
    try {
      return await waitFor(pane, what, predicate, 4000);
    } catch (err) {
      if (i >= tries) throw err;
    }
  }
}
const press = (pane: string, ...keys: string[]) => tmux('send-keys', '-t', pane, ...keys);

async function facts(pane: string): Promise<Header['facts'] & { title: string }> {
  const out = await tmux('display-message', '-p', '-t', pane,
    '#{pane_current_command}\t#{pane_dead}\t#{pane_dead_status}\t#{window_activity}\t#{pane_title}');
  const [cmd = '', dead = '0', status = '', activity = '0', title = ''] = out.split('\t');
  return {
    currentCommand: cmd,
    dead: dead === '1',
    deadStatus: status === '' ? null : Number(status),
    // window_activity has one-second resolution: good enough to tell "just printed" from "quiet".
    quietMs: Math.max(0, Date.now() - Number(activity) * 1000),
    quietThresholdMs: QUIET_THRESHOLD_MS,
    title,
  };
}

async function save(cli: string, agentType: AgentType, version: string, expect: AgentState, what: string, pane: string, screen?: string): Promise<void> {
  const text = screen ?? (await capture(pane));
  const { title, ...paneFacts } = await facts(pane);
  const header: Header = {
    cli, type: agentType, expect, what, version, captured: new Date().toISOString(), synthetic: false, facts: paneFacts, paneTitle: title,
  };
  mkdirSync(join(OUT, cli), { recursive: true });
  const file = join(OUT, cli, `${expect}-${what}.txt`);
  writeFileSync(file, `#fixture ${JSON.stringify(header)}\n${text}\n`);
  console.log(`saved ${file.replace(process.cwd() + '/', '')}`);
}

function version(bin: string, viaNode: boolean): string {
  const args = viaNode ? [bin, '--version'] : ['--version'];
  return execFileSync(viaNode ? process.execPath : bin, args, { encoding: 'utf8', env: { ...process.env, HOME: scratch } }).trim();
}

const hasRuleBox = (s: string) => /─{20,}\n❯.*\n(?:.*\n)*?─{20,}/.test(s);

async function captureClaude(): Promise<void> {
  const bin = join(clis, 'node_modules/.bin/claude');
  const v = version(bin, false);
  const home = join(scratch, 'claude-home');
  const work = join(scratch, 'claude-project');
  mkdirSync(home, { recursive: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(join(home, '.claude.json'), JSON.stringify({ hasCompletedOnboarding: true }));
  const env = {
    HOME: home,
    ANTHROPIC_API_KEY: 'sk-ant-api03-dummy-key-for-screen-capture-000000',
    // Nothing listens here: the first API call fails fast and is retried, so the busy retry
    // line shows, then the API error; three attempts keep the run short.
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
    CLAUDE_CODE_MAX_RETRIES: '3',
  };
  const save1 = (expect: AgentState, what: string, pane: string, screen?: string) => save('claude', 'claude', v, expect, what, pane, screen);
  const pane = await shell('claude', env, work);
  await type(pane, bin);
  await press(pane, 'Enter');
  // Starting: the program runs, nothing of its UI drawn yet.
  const early = await pollUntil(async () => {
    const f = await facts(pane);
    return f.currentCommand === 'claude' ? capture(pane) : null;
  }, 10_000);
  if (!/trust|❯/.test(early)) await save1('starting', 'launched-no-ui-yet', pane, early);
  else console.warn('claude drew its UI before the starting screen could be captured; skipped');

  await waitFor(pane, 'folder trust dialog', (s) => /trust this folder|trust the files/i.test(s));
  await save1('waiting', 'trust-folder-dialog', pane);
  await advance(pane, 'Enter', 'API key question', (s) => /Do you want to use this API key\?/.test(s));
  await save1('waiting', 'api-key-question', pane);
  await press(pane, 'Up');
  await sleep(200);
  await press(pane, 'Enter');
  await waitFor(pane, 'empty input box', (s) => hasRuleBox(s) && /\? for shortcuts/.test(s));
  await sleep(500);
  await save1('idle', 'empty-input-box', pane);

  await type(pane, 'say hello in one word');
  await waitFor(pane, 'typed text', (s) => /^❯\ssay hello in one word$/m.test(s));
  await save1('unsubmitted', 'typed-text', pane);
  await press(pane, 'Enter');
  await waitFor(pane, 'busy retry line', (s) => /Retrying in/.test(s) && /esc to interrupt/.test(s));
  await save1('busy', 'api-retry', pane);
  await type(pane, 'queued while busy');
  await waitFor(pane, 'text typed while busy', (s) => /^❯\squeued while busy$/m.test(s) && /Retrying in/.test(s));
  await save1('busy', 'api-retry-with-text-typed', pane);
  await waitFor(pane, 'API error', (s) => /API Error/.test(s), 60_000);
  await sleep(500);
  await save1('unsubmitted', 'text-left-after-api-error', pane);
  for (let i = 0; i < 'queued while busy'.length; i++) await press(pane, 'BSpace');
  await waitFor(pane, 'box cleared', (s) => /^❯$/m.test(s) && !/queued while busy/.test(s));
  await sleep(300);
  await save1('error', 'api-error-finished', pane);

  await type(pane, '/exit');
  await sleep(300);
  await press(pane, 'Enter');
  await pollUntil(async () => ((await facts(pane)).currentCommand === 'bash' ? 'ok' : null), 15_000);
  await sleep(300);
  await save1('crashed', 'exit-to-shell', pane);

  // The same agent started as the pane's own command: when it exits the pane stays, dead.
  await tmux('set-option', '-g', 'remain-on-exit', 'on');
  const envArgs = Object.entries(env).flatMap(([k, val]) => ['-e', `${k}=${val}`]);
  const dead = (await tmux('new-session', '-d', '-s', 'claude-dead', '-x', String(COLS), '-y', String(ROWS), '-c', work,
    '-P', '-F', '#{pane_id}', ...envArgs, bin)).trim();
  await waitFor(dead, 'input box', (s) => hasRuleBox(s), 20_000);
  await type(dead, '/exit');
  await sleep(300);
  await press(dead, 'Enter');
  await pollUntil(async () => ((await facts(dead)).dead ? 'ok' : null), 15_000);
  await save1('crashed', 'pane-dead', dead);
  await tmux('set-option', '-g', 'remain-on-exit', 'off');
}

// ---------- a local stand-in for the Anthropic Messages API ----------
type Block = { type: 'text'; text: string } | { type: 'tool_use'; name: string; input: object };

type Sse = { type: string } & Record<string, unknown>;

function sseEvents(content: Block[], stop: string): Sse[] {
  const blocks = content.flatMap((c, index): Sse[] =>
    c.type === 'text'
      ? [
          { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
          { type: 'content_block_delta', index, delta: { type: 'text_delta', text: c.text } },
          { type: 'content_block_stop', index },
        ]
      : [
          { type: 'content_block_start', index, content_block: { type: 'tool_use', id: `toolu_${index}${Date.now()}`, name: c.name, input: {} } },
          { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(c.input) } },
          { type: 'content_block_stop', index },
        ],
  );
  const usage = { input_tokens: 12, output_tokens: 1 };
  return [
    { type: 'message_start', message: { id: `msg_${Date.now()}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null, stop_sequence: null, usage } },
    ...blocks,
    { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 9 } },
    { type: 'message_stop' },
  ];
}

/** Answers by the last user message: `slowly` streams for 6 s, `remove the build` asks to run a tool, `hit the limit` gets a 429. */
function fakeMessagesApi(): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const json = (status: number, value: object, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(value));
      };
      if (!req.url?.startsWith('/v1/messages')) return json(404, { type: 'error', error: { type: 'not_found_error', message: 'not found' } });
      if (req.url.startsWith('/v1/messages/count_tokens')) return json(200, { input_tokens: 12 });
      let parsed: { stream?: boolean; messages?: unknown[] } = {};
      try {
        parsed = JSON.parse(body) as typeof parsed;
      } catch {
        /* not JSON: answered as text below */
      }
      // The prompt is the latest user text (Claude Code may append system messages after it).
      const messages = (parsed.messages ?? []) as { role?: string; content?: unknown }[];
      const textOf = (m: { content?: unknown }): string =>
        typeof m.content === 'string'
          ? m.content
          : Array.isArray(m.content)
            ? (m.content as { type?: string; text?: string }[]).filter((b) => b.type === 'text' && !b.text?.startsWith('<system-reminder>')).map((b) => b.text ?? '').join(' ')
            : '';
      const last = [...messages].reverse().filter((m) => m.role === 'user').map(textOf).find((t) => t.trim() !== '') ?? '';
      const afterTool = JSON.stringify(messages.at(-1) ?? '').includes('tool_result');
      const title = /Write the title/.test(last);
      if (/hit the limit/.test(last) && !title) {
        return json(429, { type: 'error', error: { type: 'rate_limit_error', message: 'Rate limited' } }, {
          'anthropic-ratelimit-unified-status': 'rejected',
          'anthropic-ratelimit-unified-reset': String(Math.floor(Date.now() / 1000) + 7200),
          'anthropic-ratelimit-unified-representative-claim': 'five_hour',
          // A long retry-after makes Claude Code give up at once instead of retrying.
          'retry-after': '7200',
        });
      }
      const tool = /remove the build/.test(last) && !afterTool && !title;
      const content: Block[] = tool
        ? [{ type: 'text', text: 'I will remove the build directory.' }, { type: 'tool_use', name: 'Bash', input: { command: 'rm -rf ./build', description: 'Remove the build directory' } }]
        : [{ type: 'text', text: 'Hello! All done.' }];
      if (!parsed.stream) {
        return json(200, { id: 'msg_x', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'Hello' }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 12, output_tokens: 2 } });
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const events = sseEvents(content, tool ? 'tool_use' : 'end_turn');
      const [start, ...rest] = events;
      const write = (e: Sse | undefined) => e && res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
      write(start);
      const slow = /slowly/.test(last) && !title && !afterTool;
      setTimeout(() => {
        rest.forEach(write);
        res.end();
      }, slow ? 6000 : 0);
    });
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function captureClaudeWithApi(): Promise<void> {
  const bin = join(clis, 'node_modules/.bin/claude');
  const v = version(bin, false);
  const api = await fakeMessagesApi();
  const home = join(scratch, 'claude-home-api');
  const work = join(scratch, 'claude-project-api');
  mkdirSync(home, { recursive: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(join(home, '.claude.json'), JSON.stringify({ hasCompletedOnboarding: true }));
  const env = {
    HOME: home,
    ANTHROPIC_API_KEY: 'sk-ant-api03-dummy-key-for-screen-capture-000000',
    ANTHROPIC_BASE_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
  };
  const save1 = (expect: AgentState, what: string, pane: string, screen?: string) => save('claude', 'claude', v, expect, what, pane, screen);
  try {
    const pane = await shell('claude-api', env, work);
    await type(pane, bin);
    await press(pane, 'Enter');
    await waitFor(pane, 'folder trust dialog', (s) => /trust this folder/i.test(s));
    await advance(pane, 'Enter', 'API key question', (s) => /Do you want to use this API key\?/.test(s));
    await press(pane, 'Up');
    await sleep(200);
    await press(pane, 'Enter');
    await waitFor(pane, 'empty input box', (s) => hasRuleBox(s) && /\? for shortcuts/.test(s));
    await type(pane, 'answer slowly please');
    await press(pane, 'Enter');
    await waitFor(pane, 'working spinner', (s) => /esc to interrupt/.test(s) && /^\s*[·✢✳✶✻✽*]\s+\S[^…\n]*…/m.test(s));
    await sleep(1500);
    await save1('busy', 'streaming-reply-spinner', pane);
    await waitFor(pane, 'reply', (s) => /All done/.test(s) && /\? for shortcuts/.test(s), 20_000);
    await sleep(500);
    await save1('idle', 'after-reply', pane);
    await type(pane, 'please remove the build directory');
    await press(pane, 'Enter');
    await waitFor(pane, 'permission prompt', (s) => /Do you want to proceed\?/.test(s));
    await sleep(500);
    await save1('waiting', 'bash-permission-prompt', pane);
    await press(pane, 'Escape');
    await waitFor(pane, 'prompt dismissed', (s) => !/Do you want to proceed\?/.test(s) && hasRuleBox(s));
    await sleep(500);
    await save1('idle', 'after-rejected-permission', pane);
    await type(pane, 'now we hit the limit');
    await waitFor(pane, 'typed text', (s) => /^❯\snow we hit the limit$/m.test(s));
    await press(pane, 'Enter');
    await waitFor(pane, '429', (s) => /429/.test(s) && /\? for shortcuts/.test(s), 20_000);
    await sleep(500);
    await save1('rate_limited', 'api-429-rate-limited', pane);
    await type(pane, '/exit');
    await sleep(300);
    await press(pane, 'Enter');
    await pollUntil(async () => ((await facts(pane)).currentCommand === 'bash' ? 'ok' : null), 15_000);
  } finally {
    api.close();
  }
}

// ---------- a local stand-in for the Gemini API (GOOGLE_GEMINI_BASE_URL) ----------
/** `hit the limit` gets a 429 quota error, `bad key` a 400; JSON-mode calls (the model router) get a routing answer. */
function fakeGeminiApi(): Promise<Server> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const json = (status: number, value: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      let parsed: { contents?: { role?: string; parts?: { text?: string }[] }[]; generationConfig?: Record<string, unknown> } = {};
      try {
        parsed = JSON.parse(body) as typeof parsed;
      } catch {
        /* answered below */
      }
      const url = req.url ?? '';
      if (url.includes(':countTokens')) return json(200, { totalTokens: 5 });
      const users = (parsed.contents ?? []).filter((c) => c.role === 'user');
      const last = (users.at(-1)?.parts ?? []).map((p) => p.text ?? '').join(' ');
      const main = url.includes('streamGenerateContent');
      if (main && /hit the limit/.test(last)) {
        return json(429, {
          error: {
            code: 429,
            message: 'You exceeded your current quota, please check your plan and billing details.',
            status: 'RESOURCE_EXHAUSTED',
            details: [
              { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }] },
              { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '3600s' },
            ],
          },
        });
      }
      if (main && /bad key/.test(last)) return json(400, { error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT' } });
      const config = parsed.generationConfig ?? {};
      const wantsJson = config.responseMimeType === 'application/json' || 'responseJsonSchema' in config || 'responseSchema' in config;
      const text = wantsJson ? JSON.stringify({ reasoning: 'simple task', model_choice: 'flash' }) : 'Hello! All done.';
      const reply = {
        candidates: [{ content: { parts: [{ text }], role: 'model' }, finishReason: 'STOP', index: 0 }],
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 4, totalTokenCount: 9 },
      };
      if (!main) return json(200, reply);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${JSON.stringify(reply)}\n\n`);
    });
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

async function captureGeminiWithApi(): Promise<void> {
  const bin = join(clis, 'node_modules/.bin/gemini');
  const v = version(bin, true);
  const api = await fakeGeminiApi();
  const home = join(scratch, 'gemini-home-api');
  const work = join(scratch, 'gemini-project-api');
  mkdirSync(home, { recursive: true });
  mkdirSync(work, { recursive: true });
  const env = {
    HOME: home,
    GEMINI_API_KEY: 'dummy-gemini-key-for-screen-capture',
    GOOGLE_GEMINI_BASE_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
  };
  const save1 = (expect: AgentState, what: string, pane: string, screen?: string) => save('gemini', 'gemini', v, expect, what, pane, screen);
  try {
    const pane = await shell('gemini-api', env, work);
    await type(pane, `node ${bin}`);
    await press(pane, 'Enter');
    await waitFor(pane, 'folder trust dialog', (s) => /Do you trust the files in this folder\?/.test(s));
    await sleep(500);
    await advance(pane, 'Enter', 'auth method question', (s) => /How would you like to authenticate/.test(s));
    await sleep(300);
    await advance(pane, 'Enter', 'API key dialog', (s) => /Enter Gemini API Key/.test(s));
    await sleep(300);
    await advance(pane, 'Enter', 'empty prompt', (s) => /Type your message/.test(s));
    await sleep(1500);
    await type(pane, 'say hi');
    await waitFor(pane, 'typed text', (s) => /^\s*> say hi$/m.test(s));
    await press(pane, 'Enter');
    await waitFor(pane, 'reply', (s) => /All done/.test(s) && /Type your message/.test(s), 20_000);
    await sleep(500);
    await save1('idle', 'after-reply', pane);
    await type(pane, 'now we hit the limit');
    await waitFor(pane, 'typed text', (s) => /^\s*> now we hit the limit$/m.test(s));
    await press(pane, 'Enter');
    await waitFor(pane, 'usage limit dialog', (s) => /Usage limit reached/.test(s) && /1\. Keep trying/.test(s), 30_000);
    await sleep(300);
    await save1('rate_limited', 'usage-limit-dialog', pane);
    await press(pane, '2');
    await waitFor(pane, 'quota error', (s) => /exhausted your daily quota/.test(s) && /Type your message/.test(s));
    await sleep(300);
    await save1('rate_limited', 'daily-quota-exhausted', pane);
    await type(pane, 'use a bad key');
    await waitFor(pane, 'typed text', (s) => /^\s*> use a bad key$/m.test(s));
    await press(pane, 'Enter');
    await waitFor(pane, 'API error', (s) => /API key not valid/.test(s) && /Type your message/.test(s), 20_000);
    await sleep(300);
    await save1('error', 'api-key-not-valid', pane);
    await type(pane, '/quit');
    await sleep(300);
    await press(pane, 'Enter');
    await pollUntil(async () => ((await facts(pane)).currentCommand === 'bash' ? 'ok' : null), 15_000);
  } finally {
    api.close();
  }
}

async function captureGemini(): Promise<void> {
  const bin = join(clis, 'node_modules/.bin/gemini');
  const v = version(bin, true);
  const home = join(scratch, 'gemini-home');
  const work = join(scratch, 'gemini-project');
  mkdirSync(home, { recursive: true });
  mkdirSync(work, { recursive: true });
  const env = { HOME: home, GEMINI_API_KEY: 'dummy-gemini-key-for-screen-capture' };
  const save1 = (expect: AgentState, what: string, pane: string, screen?: string) => save('gemini', 'gemini', v, expect, what, pane, screen);
  const pane = await shell('gemini', env, work);
  await type(pane, `node ${bin}`);
  await press(pane, 'Enter');
  const early = await pollUntil(async () => {
    const f = await facts(pane);
    return f.currentCommand === 'node' ? capture(pane) : null;
  }, 10_000);
  if (!/trust|Gemini CLI/.test(early)) await save1('starting', 'launched-no-ui-yet', pane, early);
  await waitFor(pane, 'folder trust dialog', (s) => /Do you trust the files in this folder\?/.test(s));
  await sleep(500);
  await save1('waiting', 'trust-folder-dialog', pane);
  await advance(pane, 'Enter', 'auth method question', (s) => /How would you like to authenticate/.test(s));
  await sleep(300);
  await save1('waiting', 'auth-method-question', pane);
  await advance(pane, 'Enter', 'API key dialog', (s) => /Enter Gemini API Key/.test(s));
  await sleep(300);
  await save1('waiting', 'api-key-dialog', pane);
  await advance(pane, 'Enter', 'empty prompt', (s) => /Type your message/.test(s));
  await sleep(800);
  await save1('idle', 'empty-prompt', pane);
  await type(pane, 'say hello');
  await waitFor(pane, 'typed text', (s) => /^\s*> say hello$/m.test(s));
  await save1('unsubmitted', 'typed-text', pane);
  await press(pane, 'Enter');
  await waitFor(pane, 'thinking line', (s) => /esc to cancel/.test(s));
  await sleep(1200);
  await save1('busy', 'thinking', pane);
  await type(pane, 'queued while busy');
  await waitFor(pane, 'text typed while busy', (s) => /^\s*> queued while busy$/m.test(s) && /esc to cancel/.test(s));
  await save1('busy', 'thinking-with-text-typed', pane);
  await press(pane, 'Escape');
  await waitFor(pane, 'cancelled', (s) => !/esc to cancel/.test(s), 15_000);
  await sleep(800);
  const after = await capture(pane);
  await save1(/^\s*> queued while busy$/m.test(after) ? 'unsubmitted' : 'idle', 'after-cancel', pane, after);
  await press(pane, 'C-c');
  await sleep(300);
  await type(pane, '/quit');
  await sleep(300);
  await press(pane, 'Enter');
  await pollUntil(async () => ((await facts(pane)).currentCommand === 'bash' ? 'ok' : null), 15_000);
  await sleep(300);
  await save1('crashed', 'exit-to-shell', pane);
}

async function captureFake(): Promise<void> {
  const v = 'fake-agent';
  const save1 = (expect: AgentState, what: string, pane: string, screen?: string) => save('fake', 'claude', v, expect, what, pane, screen);
  const pane = await shell('fake', { FAKE_AGENT_STARTUP_MS: '1500' }, scratch);
  await type(pane, `node ${FAKE}`);
  await press(pane, 'Enter');
  const early = await pollUntil(async () => ((await facts(pane)).currentCommand === 'node' ? capture(pane) : null), 5000);
  await save1('starting', 'startup-delay', pane, early);
  await waitFor(pane, 'idle', (s) => /\? for shortcuts/.test(s));
  await save1('idle', 'empty-input-box', pane);
  await type(pane, 'héllo wörld 🎉');
  await waitFor(pane, 'typed', (s) => /^❯\shéllo wörld 🎉$/m.test(s));
  await save1('unsubmitted', 'typed-text', pane);
  for (let i = 0; i < 'héllo wörld 🎉'.length; i++) await press(pane, 'BSpace');
  await type(pane, 'work 3s');
  await press(pane, 'Enter');
  await waitFor(pane, 'busy', (s) => /esc to interrupt/.test(s));
  await sleep(300);
  await save1('busy', 'working-spinner', pane);
  await type(pane, 'typed while busy');
  await waitFor(pane, 'typed while busy', (s) => /^❯\styped while busy$/m.test(s));
  await save1('busy', 'working-with-text-typed', pane);
  await press(pane, 'Escape');
  await waitFor(pane, 'idle again', (s) => /\? for shortcuts/.test(s), 10_000);
  await save1('idle', 'after-reply', pane);
  await type(pane, 'ask');
  await press(pane, 'Enter');
  await waitFor(pane, 'question', (s) => /Do you want to proceed\?/.test(s));
  await save1('waiting', 'permission-question', pane);
  await press(pane, '1');
  await waitFor(pane, 'answered', (s) => /Answer: Yes/.test(s));
  await type(pane, 'ratelimit');
  await press(pane, 'Enter');
  await waitFor(pane, 'limit', (s) => /limit/.test(s) && /\? for shortcuts/.test(s));
  await save1('rate_limited', 'usage-limit', pane);
  await type(pane, 'flood 2s');
  await press(pane, 'Enter');
  await waitFor(pane, 'flood', (s) => /flood line \d+/.test(s));
  await sleep(300);
  await save1('busy', 'flood', pane);
  await waitFor(pane, 'flood over', (s) => /Done: flooded/.test(s), 10_000);
  await type(pane, 'error');
  await press(pane, 'Enter');
  await waitFor(pane, 'error', (s) => /ERROR/.test(s));
  await save1('error', 'fatal-error', pane);
  await press(pane, 'C-c');
  await pollUntil(async () => ((await facts(pane)).currentCommand === 'bash' ? 'ok' : null), 5000);
  const crash = await shell('fake-crash', {}, scratch);
  await type(crash, `node ${FAKE}`);
  await press(crash, 'Enter');
  await waitFor(crash, 'idle', (s) => /\? for shortcuts/.test(s));
  await type(crash, 'crash');
  await press(crash, 'Enter');
  await pollUntil(async () => ((await facts(crash)).currentCommand === 'bash' ? 'ok' : null), 5000);
  await sleep(200);
  await save1('crashed', 'exit-to-shell', crash);
}

async function pollUntil<T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v !== null) return v;
    await sleep(20);
  }
  throw new Error('timed out');
}

async function main(): Promise<void> {
  await tmux('new-session', '-d', '-s', 'keep', '-x', String(COLS), '-y', String(ROWS));
  await tmux('set-option', '-g', 'default-size', `${COLS}x${ROWS}`);
  if (only.has('fake')) await captureFake();
  if (only.has('claude')) await captureClaude();
  if (only.has('claude-api')) await captureClaudeWithApi();
  if (only.has('gemini')) await captureGemini();
  if (only.has('gemini-api')) await captureGeminiWithApi();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
