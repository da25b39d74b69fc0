#!/usr/bin/env node
// A loopback stand-in for the model APIs the real agent CLIs call (test infrastructure only).
// Plain Node, no dependencies, listens on 127.0.0.1 only, and exits by itself: when it has been
// idle for --idle-exit-ms (default 15 min) or when the process that started it is gone.
//
// Start:   node test/helpers/model-api/server.mjs [--port 0] [--log requests.jsonl] [--dump DIR] [--idle-exit-ms N] [--parent-pid 0]
//          (--parent-pid 0: outlive the starting shell, e.g. when started by hand; idle exit still applies)
//          It prints one JSON line on stdout: {"port":N,"url":"http://127.0.0.1:N"}.
//          From tests: startModelApi() in test/helpers/model-api/index.ts.
// Point each CLI at it (scratch HOME per CLI, dummy keys; see test/helpers/real-clis.ts):
//   Claude Code  ANTHROPIC_BASE_URL=$url ANTHROPIC_API_KEY=sk-ant-dummy DISABLE_AUTOUPDATER=1
//   Codex        $CODEX_HOME/config.toml: model_provider = "orc", [model_providers.orc]
//                base_url = "$url/v1", wire_api = "responses", env_key = "OPENAI_API_KEY"; run with --no-daemon
//   Gemini CLI   GOOGLE_GEMINI_BASE_URL=$url GEMINI_API_KEY=dummy
//   Qwen Code    OPENAI_BASE_URL=$url/v1 OPENAI_API_KEY=dummy OPENAI_MODEL=orc-model (Chat Completions)
//   opencode     a provider with options.baseURL = "$url/v1" in opencode.json
//
// APIs: Anthropic Messages (POST /v1/messages SSE + non-stream, /v1/messages/count_tokens),
// OpenAI Responses (POST /v1/responses SSE) and Chat Completions (POST /v1/chat/completions SSE),
// Gemini (…:streamGenerateContent?alt=sse, …:generateContent, …:countTokens), GET /v1/models.
//
// The scenario is chosen by a keyword in the latest user message (`orc-<name>`); requests that
// carry no tools (titles, routers, summaries) always get a short plain answer.
//   (none)         a short reply (with a U+2019 apostrophe, as real models write)
//   orc-slow[-N]   streams text for N seconds (default 10)
//   orc-reason     a reasoning summary / thinking for ~4 s, then a short reply
//   orc-shell      calls the CLI's shell tool (`rm -rf ./build`) → its permission prompt
//   orc-long       calls the shell tool with a long-running command (`sleep 20`)
//   orc-write      calls the CLI's file-write tool (notes.txt)
//   orc-ask        asks the user: the CLI's question tool when it has one, else a text question
//   orc-asktext    a free-text question: the question tool's typed-answer form, else in the reply
//   orc-tasks      writes a task list (the CLI's todo tool), then streams slowly for ~10 s
//   orc-turn[-N]   a whole turn: streams text for N seconds (default 3), calls the shell tool
//                  (→ its permission prompt), and after the answer streams N seconds more
//   orc-429-rate   429, per-minute rate limit (retry-after 1 s: the CLI retries and gives up)
//   orc-429-usage  429, usage/quota limit with a reset time 2 h ahead (no retry)
//   orc-429-quota  429, a quota message that names its reset time in its text (`… will reset at
//                  9:15 AM (UTC)`), as OpenAI-compatible providers word it; Qwen Code fails at once
//                  on it (OpenAI's plain insufficient_quota it retries for minutes); other APIs: 429-usage
//   orc-429-wait   429, a usage limit with retry-after 7200 s (OpenAI APIs: Codex's usage_limit_reached
//                  body); a CLI that honours retry-after waits 2 h for it (opencode: `[retrying in 1h…`);
//                  other APIs: 429-usage
//   orc-500 / orc-503 / orc-529 / orc-400 / orc-401   that status with the API's error body
//   orc-context    400 "prompt is too long" (context limit)
//   orc-flaky      503 for the first two attempts of a prompt, then a short reply
// After a tool result the model answers `Done.` (orc-tasks: streams slowly first).
import { appendFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const PORT = Number(opt('port', '0'));
const LOG = opt('log', '');
// --dump DIR: every request body as DIR/<n>-<api>.json (to see what a CLI sends when adding a scenario).
const DUMP = opt('dump', '');
let dumped = 0;
const IDLE_EXIT_MS = Number(opt('idle-exit-ms', String(15 * 60_000)));
const PARENT = Number(opt('parent-pid', String(process.ppid)));
const MODEL = 'orc-model';
const REPLY = 'That’s done: hello from the stand-in.';
const QUESTION = 'Which database should I use for the cache, Postgres or SQLite?';

// ---------- the request: which API, which scenario ----------

/** Tools offered in the request, as {name, schema}, whatever the API's shape. */
function toolsOf(body) {
  const out = [];
  for (const t of body.tools ?? []) {
    if (t.functionDeclarations) for (const f of t.functionDeclarations) out.push({ name: f.name, schema: f.parameters ?? f.parametersJsonSchema ?? {} });
    else if (t.function) out.push({ name: t.function.name, schema: t.function.parameters ?? {} });
    else if (t.name) out.push({ name: t.name, schema: t.input_schema ?? t.parameters ?? {}, kind: t.type });
  }
  return out;
}

const SYSTEM_NOISE = /^\s*<(?:system-reminder|environment_context|user_instructions|permissions instructions)/;

/**
 * The latest piece of user text (each text part on its own: CLIs put reminders and context in
 * parts of their own), and whether the conversation ends with a tool result rather than new text.
 */
function conversation(api, body) {
  const pieces = []; // {text} or {tool: true}, in order
  const textPiece = (t) => {
    if (typeof t === 'string' && t.trim() && !SYSTEM_NOISE.test(t) && !/^\[Request interrupted/.test(t)) pieces.push({ text: t });
  };
  if (api === 'anthropic') {
    for (const m of body.messages ?? []) {
      if (m.role !== 'user') continue;
      for (const b of typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : (m.content ?? [])) {
        if (b.type === 'tool_result') pieces.push({ tool: true });
        else if (b.type === 'text') textPiece(b.text);
      }
    }
  } else if (api === 'responses') {
    const items = typeof body.input === 'string' ? [{ type: 'message', role: 'user', content: body.input }] : (body.input ?? []);
    for (const it of items) {
      if (/_output$/.test(it.type ?? '')) pieces.push({ tool: true });
      else if (it.role === 'user') for (const p of typeof it.content === 'string' ? [{ text: it.content }] : (it.content ?? [])) textPiece(p.text);
    }
  } else if (api === 'chat') {
    for (const m of body.messages ?? []) {
      if (m.role === 'tool') pieces.push({ tool: true });
      else if (m.role === 'user') for (const p of typeof m.content === 'string' ? [{ text: m.content }] : (m.content ?? [])) textPiece(p.text);
    }
  } else {
    for (const c of body.contents ?? []) {
      if (c.role !== 'user') continue;
      for (const p of c.parts ?? []) {
        if (p.functionResponse) pieces.push({ tool: true });
        else textPiece(p.text);
      }
    }
  }
  const texts = pieces.filter((p) => p.text);
  return { prompt: texts.at(-1)?.text ?? '', afterTool: pieces.at(-1)?.tool === true };
}

/** `orc-<name>` in the prompt; only requests that offer tools (the agent's own turn) act on it. */
function scenarioOf(prompt, tools) {
  if (tools.length === 0) return { name: 'plain' };
  const m = /\borc-(slow|reason|shell|long|write|asktext|ask|tasks|turn|429-rate|429-usage|429-quota|429-wait|500|503|529|400|401|context|flaky)(?:-(\d+))?\b/.exec(prompt);
  return m ? { name: m[1], n: m[2] ? Number(m[2]) : undefined } : { name: 'reply' };
}

const TOOL_NAMES = {
  shell: ['Bash', 'run_shell_command', 'shell', 'bash', 'exec_command', 'shell_command', 'local_shell'],
  write: ['Write', 'write_file', 'write', 'create_file'],
  // Codex's request_user_input is refused outside plan mode: Codex gets a question in text.
  ask: ['AskUserQuestion', 'ask_user', 'ask_user_question', 'question'],
  tasks: ['TodoWrite', 'write_todos', 'todo_write', 'todowrite', 'update_plan', 'TaskCreate'],
};

function findTool(tools, kind) {
  for (const name of TOOL_NAMES[kind]) {
    const t = tools.find((x) => x.name === name);
    if (t) return t;
  }
  return null;
}

/** The working directory the CLI told the model about (its system prompt), for absolute paths. */
function workdirOf(rawBody) {
  const m = /(?:[Ww]orking directory|<cwd>|cwd|current directory)[^/\n]{0,40}(\/[^\s"'<>`\\]+)/.exec(rawBody);
  return m ? m[1].replace(/[.,;:]$/, '') : '';
}

/** Arguments for `tool` that fit its schema: command as a string or an argv array, paths, todos. */
function argsFor(tool, kind, rawBody) {
  const props = tool.schema?.properties ?? {};
  const dir = workdirOf(rawBody);
  const file = dir ? `${dir}/notes.txt` : 'notes.txt';
  const args = {};
  const command = kind === 'long' ? 'sleep 20; echo finished' : 'rm -rf ./build';
  for (const [key, spec] of Object.entries(props)) {
    const type = Array.isArray(spec.type) ? spec.type[0] : spec.type;
    if (key === 'command' || key === 'cmd') args[key] = type === 'array' ? ['bash', '-lc', command] : command;
    else if (key === 'description') args[key] = kind === 'long' ? 'Wait for the slow job' : 'Remove the build directory';
    else if (/^(file_path|filePath|path|absolute_path)$/.test(key)) args[key] = file;
    else if (key === 'content') args[key] = 'hello from the stand-in\n';
    else if (key === 'timeout' && kind === 'long') args[key] = 60_000;
    else if (key === 'todos' || key === 'plan') args[key] = todoItems(spec);
    else if (key === 'explanation') args[key] = 'Three steps.';
    else if (key === 'questions') args[key] = askItems(spec, kind === 'asktext');
    else if (key === 'question') args[key] = QUESTION;
  }
  return args;
}

function todoItems(spec) {
  const keys = Object.keys(spec.items?.properties ?? {});
  const steps = ['Read the failing test', 'Fix the parser', 'Run the whole suite'];
  const states = ['completed', 'in_progress', 'pending'];
  return steps.map((step, i) => {
    const item = {};
    for (const k of keys) {
      if (k === 'content' || k === 'description' || k === 'step' || k === 'subject') item[k] = step;
      else if (k === 'activeForm') item[k] = `${['Reading', 'Fixing', 'Running'][i]} ${step.split(' ').slice(1).join(' ')}`;
      else if (k === 'status') item[k] = states[i];
      else if (k === 'id') item[k] = String(i + 1);
      else if (k === 'priority') item[k] = 'high';
    }
    return item;
  });
}

/** The tool's question item; `freeText` asks for typed text (a `type` of `text`, no options). */
function askItems(spec, freeText) {
  const keys = Object.keys(spec.items?.properties ?? {});
  const item = {};
  for (const k of keys) {
    if (freeText && k === 'options') continue;
    if (k === 'question') item[k] = freeText ? 'What should the new cache directory be called?' : QUESTION;
    else if (k === 'type') item[k] = freeText ? 'text' : 'choice';
    else if (k === 'header') item[k] = 'Database';
    else if (k === 'multiSelect') item[k] = false;
    else if (k === 'options')
      item[k] = [
        { label: 'Postgres', description: 'A server, shared by every worker' },
        { label: 'SQLite', description: 'A file beside the app' },
      ];
    else if (k === 'id') item[k] = 'database';
  }
  return [item];
}

/**
 * What the model does this turn: `steps` of text / reasoning / a tool call, each with a delay,
 * or an HTTP error. One plan, rendered by each API's writer below.
 */
function plan(scenario, tools, afterTool, rawBody, flakyCount) {
  const text = (t, ms = 0) => ({ kind: 'text', text: t, ms });
  const slowText = (seconds) => {
    // At least 50 ms a word: fewer words for a short stream, so it lasts about `seconds`.
    const words = `Streaming a long answer, word by word, so the screen shows the agent at work. `.repeat(8).split(' ').slice(0, Math.max(10, Math.round((seconds * 1000) / 50)));
    const per = Math.max(50, Math.round((seconds * 1000) / words.length));
    return words.map((w) => text(`${w} `, per));
  };
  if (afterTool) {
    if (scenario.name === 'tasks') return [...slowText(scenario.n ?? 10), text('\nDone.')];
    if (scenario.name === 'turn') return [...slowText(scenario.n ?? 3), text('\nDone.')];
    return [text('Done.')];
  }
  switch (scenario.name) {
    case 'plain':
      return [text('Stand-in title')];
    case 'slow':
      return [...slowText(scenario.n ?? 10), text('\nAll done.')];
    case 'reason':
      return [
        ...['**Weighing the options**\n\nThe user wants a short answer; ', 'checking the files first ', 'would take longer.'].map((t) => ({ kind: 'reason', text: t, ms: 1300 })),
        text(REPLY),
      ];
    case 'asktext': {
      // A question tool that takes typed answers (Gemini's ask_user `type: text`), else a question in the reply.
      const tool = findTool(tools, 'ask');
      const types = tool?.schema?.properties?.questions?.items?.properties?.type?.enum ?? [];
      if (!tool || !types.includes('text')) return [text(QUESTION)];
      return [text('One question first.'), { kind: 'tool', name: tool.name, args: argsFor(tool, 'asktext', rawBody) }];
    }
    case 'shell':
    case 'long':
    case 'write':
    case 'ask':
    case 'tasks': {
      const kind = scenario.name === 'long' ? 'shell' : scenario.name;
      const tool = findTool(tools, kind);
      if (!tool) return [text(kind === 'ask' ? QUESTION : `No ${kind} tool offered (tools: ${tools.map((t) => t.name).join(', ')}).`)];
      const lead = { shell: 'I will remove the build directory.', long: 'Starting the slow job.', write: 'Writing notes.txt.', ask: 'One question first.', tasks: 'Here is the plan.' }[scenario.name];
      return [text(lead), { kind: 'tool', name: tool.name, args: argsFor(tool, scenario.name, rawBody), custom: tool.kind === 'custom' }];
    }
    case 'turn': {
      const tool = findTool(tools, 'shell');
      if (!tool) return [text(`No shell tool offered (tools: ${tools.map((t) => t.name).join(', ')}).`)];
      return [...slowText(scenario.n ?? 3), text('\nI will remove the build directory.'), { kind: 'tool', name: tool.name, args: argsFor(tool, 'shell', rawBody), custom: tool.kind === 'custom' }];
    }
    case 'flaky':
      return flakyCount <= 2 ? { status: 503 } : [text(REPLY)];
    case 'reply':
      return [text(REPLY)];
    default:
      return { status: scenario.name };
  }
}

// ---------- errors, per API ----------

const RESET_S = () => Math.floor(Date.now() / 1000) + 2 * 3600;

function errorFor(api, which) {
  if ((which === '429-quota' || which === '429-wait') && (api === 'anthropic' || api === 'gemini')) which = '429-usage';
  const reset = RESET_S();
  const a = (status, type, message, headers = {}) => ({ status, headers, body: { type: 'error', error: { type, message } } });
  const o = (status, type, code, message, headers = {}, extra = {}) => ({ status, headers, body: { error: { message, type, code, param: null, ...extra } } });
  const g = (status, grpc, message, details = []) => ({ status, headers: {}, body: { error: { code: status, message, status: grpc, details } } });
  const rateHeaders = { 'retry-after': '1', 'x-ratelimit-limit-requests': '50', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1s' };
  if (api === 'anthropic') {
    switch (which) {
      case '429-rate':
        return a(429, 'rate_limit_error', 'This request would exceed the rate limit for your organization of 50 requests per minute.', {
          ...rateHeaders,
          'anthropic-ratelimit-requests-limit': '50',
          'anthropic-ratelimit-requests-remaining': '0',
        });
      case '429-usage':
        return a(429, 'rate_limit_error', 'Usage limit reached.', {
          'anthropic-ratelimit-unified-status': 'rejected',
          'anthropic-ratelimit-unified-reset': String(reset),
          'anthropic-ratelimit-unified-representative-claim': 'five_hour',
          'anthropic-ratelimit-unified-5h-status': 'rejected',
          'anthropic-ratelimit-unified-5h-reset': String(reset),
          'retry-after': '7200',
          'x-should-retry': 'false',
        });
      case '500':
        return a(500, 'api_error', 'Internal server error');
      case '503':
        return a(503, 'api_error', 'Service unavailable');
      case '529':
        return a(529, 'overloaded_error', 'Overloaded');
      case '400':
        return a(400, 'invalid_request_error', 'messages.0.content: unexpected value');
      case 'context':
        return a(400, 'invalid_request_error', 'prompt is too long: 212345 tokens > 200000 maximum');
      case '401':
        return a(401, 'authentication_error', 'invalid x-api-key');
    }
  } else if (api === 'gemini') {
    const quota = (id, delay) => [
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: id }] },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: delay },
    ];
    switch (which) {
      case '429-rate':
        return g(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.', quota('GenerateRequestsPerMinutePerProjectPerModel-FreeTier', '1s'));
      case '429-usage':
        return g(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.', quota('GenerateRequestsPerDayPerProjectPerModel-FreeTier', '7200s'));
      case '500':
        return g(500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting');
      case '503':
      case '529':
        return g(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.');
      case '400':
        return g(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.');
      case 'context':
        return g(400, 'INVALID_ARGUMENT', 'The input token count (1212345) exceeds the maximum number of tokens allowed (1048576).');
      case '401':
        return g(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }]);
    }
  } else {
    switch (which) {
      case '429-rate':
        return o(429, 'requests', 'rate_limit_exceeded', `Rate limit reached for ${MODEL} in organization org-orc on requests per min (RPM): Limit 50, Used 50, Requested 1. Please try again in 1s.`, rateHeaders);
      case '429-quota': {
        const at = new Date(reset * 1000);
        const clock = `${((at.getUTCHours() + 11) % 12) + 1}:${String(at.getUTCMinutes()).padStart(2, '0')} ${at.getUTCHours() < 12 ? 'AM' : 'PM'}`;
        return o(429, 'insufficient_quota', 'insufficient_quota', `Quota exceeded: the request quota of this API key is exhausted and will reset at ${clock} (UTC).`);
      }
      case '429-wait':
        return o(429, 'usage_limit_reached', 'usage_limit_reached', 'The usage limit has been reached', { 'retry-after': '7200' }, { plan_type: 'plus', resets_at: reset, resets_in_seconds: 7200 });
      case '429-usage':
        // Codex's own body (Responses) and OpenAI's quota body (Chat Completions providers).
        return api === 'responses'
          ? o(429, 'usage_limit_reached', 'usage_limit_reached', 'The usage limit has been reached', { 'retry-after': '7200' }, { plan_type: 'plus', resets_at: reset, resets_in_seconds: 7200 })
          : o(429, 'insufficient_quota', 'insufficient_quota', 'You exceeded your current quota, please check your plan and billing details.');
      case '500':
        return o(500, 'server_error', null, 'The server had an error while processing your request. Sorry about that!');
      case '503':
      case '529':
        return o(503, 'server_error', 'overloaded', 'The engine is currently overloaded, please try again later.');
      case '400':
        return o(400, 'invalid_request_error', null, "Invalid value for 'input': unexpected item.");
      case 'context':
        return o(400, 'invalid_request_error', 'context_length_exceeded', 'Your input exceeds the context window of this model. Please adjust your input and try again.');
      case '401':
        return o(401, 'invalid_request_error', 'invalid_api_key', 'Incorrect API key provided: sk-dummy. You can find your API key at https://platform.openai.com/account/api-keys.');
    }
  }
  return errorFor(api, '500');
}

// ---------- streaming writers, per API ----------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const id = (p) => `${p}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

async function anthropic(res, steps, stream) {
  const usage = { input_tokens: 120, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const tool = steps.find((s) => s.kind === 'tool');
  if (!stream) {
    const content = steps.map((s) =>
      s.kind === 'tool'
        ? { type: 'tool_use', id: id('toolu'), name: s.name, input: s.args }
        : s.kind === 'reason'
          ? { type: 'thinking', thinking: s.text, signature: 'sig' }
          : { type: 'text', text: s.text },
    );
    return json(res, 200, { id: id('msg'), type: 'message', role: 'assistant', model: MODEL, content: mergeText(content), stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null, usage });
  }
  sse(res);
  const send = (e) => res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
  send({ type: 'message_start', message: { id: id('msg'), type: 'message', role: 'assistant', model: MODEL, content: [], stop_reason: null, stop_sequence: null, usage } });
  let index = -1;
  let open = null;
  const close = () => {
    if (open === 'thinking') send({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: 'c2ln' } });
    if (open) send({ type: 'content_block_stop', index });
    open = null;
  };
  for (const s of steps) {
    if (s.ms) await sleep(s.ms);
    if (res.destroyed) return;
    if (s.kind === 'tool') {
      close();
      index++;
      send({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: id('toolu'), name: s.name, input: {} } });
      send({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(s.args) } });
      send({ type: 'content_block_stop', index });
      continue;
    }
    const kind = s.kind === 'reason' ? 'thinking' : 'text';
    if (open !== kind) {
      close();
      index++;
      open = kind;
      send({ type: 'content_block_start', index, content_block: kind === 'thinking' ? { type: 'thinking', thinking: '' } : { type: 'text', text: '' } });
    }
    send({ type: 'content_block_delta', index, delta: kind === 'thinking' ? { type: 'thinking_delta', thinking: s.text } : { type: 'text_delta', text: s.text } });
  }
  close();
  send({ type: 'message_delta', delta: { stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: 42 } });
  send({ type: 'message_stop' });
  res.end();
}

function mergeText(content) {
  const out = [];
  for (const c of content) {
    const prev = out.at(-1);
    if (c.type === 'text' && prev?.type === 'text') prev.text += c.text;
    else out.push(c);
  }
  return out;
}

async function responses(res, steps, body) {
  sse(res);
  let seq = 0;
  const send = (e) => res.write(`event: ${e.type}\ndata: ${JSON.stringify({ ...e, sequence_number: seq++ })}\n\n`);
  const respId = id('resp');
  const base = { id: respId, object: 'response', created_at: Math.floor(Date.now() / 1000), model: body.model ?? MODEL, status: 'in_progress', output: [] };
  send({ type: 'response.created', response: base });
  send({ type: 'response.in_progress', response: base });
  const output = [];
  let out = -1;
  let current = null; // the open message or reasoning item
  const closeItem = () => {
    if (!current) return;
    if (current.type === 'message') {
      const text = current.content[0].text;
      send({ type: 'response.output_text.done', item_id: current.id, output_index: out, content_index: 0, text });
      send({ type: 'response.content_part.done', item_id: current.id, output_index: out, content_index: 0, part: { type: 'output_text', text, annotations: [] } });
      current.status = 'completed';
    } else {
      const text = current.summary[0].text;
      send({ type: 'response.reasoning_summary_text.done', item_id: current.id, output_index: out, summary_index: 0, text });
      send({ type: 'response.reasoning_summary_part.done', item_id: current.id, output_index: out, summary_index: 0, part: { type: 'summary_text', text } });
    }
    send({ type: 'response.output_item.done', output_index: out, item: current });
    output.push(current);
    current = null;
  };
  for (const s of steps) {
    if (s.ms) await sleep(s.ms);
    if (res.destroyed) return;
    if (s.kind === 'tool') {
      closeItem();
      out++;
      const callId = id('call');
      const item = s.custom
        ? { type: 'custom_tool_call', id: id('ctc'), call_id: callId, name: s.name, input: s.args.input ?? '', status: 'completed' }
        : { type: 'function_call', id: id('fc'), call_id: callId, name: s.name, arguments: JSON.stringify(s.args), status: 'completed' };
      send({ type: 'response.output_item.added', output_index: out, item: { ...item, status: 'in_progress' } });
      if (!s.custom) send({ type: 'response.function_call_arguments.done', item_id: item.id, output_index: out, arguments: item.arguments });
      send({ type: 'response.output_item.done', output_index: out, item });
      output.push(item);
      continue;
    }
    const type = s.kind === 'reason' ? 'reasoning' : 'message';
    if (current?.type !== type) {
      closeItem();
      out++;
      if (type === 'message') {
        current = { type: 'message', id: id('msg'), role: 'assistant', status: 'in_progress', content: [{ type: 'output_text', text: '', annotations: [] }] };
        send({ type: 'response.output_item.added', output_index: out, item: { ...current, content: [] } });
        send({ type: 'response.content_part.added', item_id: current.id, output_index: out, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
      } else {
        current = { type: 'reasoning', id: id('rs'), summary: [{ type: 'summary_text', text: '' }] };
        send({ type: 'response.output_item.added', output_index: out, item: { ...current, summary: [] } });
        send({ type: 'response.reasoning_summary_part.added', item_id: current.id, output_index: out, summary_index: 0, part: { type: 'summary_text', text: '' } });
      }
    }
    if (type === 'message') {
      current.content[0].text += s.text;
      send({ type: 'response.output_text.delta', item_id: current.id, output_index: out, content_index: 0, delta: s.text });
    } else {
      current.summary[0].text += s.text;
      send({ type: 'response.reasoning_summary_text.delta', item_id: current.id, output_index: out, summary_index: 0, delta: s.text });
    }
  }
  closeItem();
  const usage = { input_tokens: 120, input_tokens_details: { cached_tokens: 0 }, output_tokens: 42, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 162 };
  send({ type: 'response.completed', response: { ...base, status: 'completed', output, usage } });
  res.end();
}

async function chat(res, steps, body) {
  const tool = steps.find((s) => s.kind === 'tool');
  const usage = { prompt_tokens: 120, completion_tokens: 42, total_tokens: 162 };
  const chatId = id('chatcmpl');
  const created = Math.floor(Date.now() / 1000);
  if (!body.stream) {
    const message = { role: 'assistant', content: steps.filter((s) => s.kind === 'text').map((s) => s.text).join('') || null };
    if (tool) message.tool_calls = [{ id: id('call'), type: 'function', function: { name: tool.name, arguments: JSON.stringify(tool.args) } }];
    return json(res, 200, { id: chatId, object: 'chat.completion', created, model: body.model ?? MODEL, choices: [{ index: 0, message, finish_reason: tool ? 'tool_calls' : 'stop' }], usage });
  }
  sse(res);
  const chunk = (delta, finish = null, extra = {}) =>
    res.write(`data: ${JSON.stringify({ id: chatId, object: 'chat.completion.chunk', created, model: body.model ?? MODEL, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`);
  chunk({ role: 'assistant', content: '' });
  for (const s of steps) {
    if (s.ms) await sleep(s.ms);
    if (res.destroyed) return;
    if (s.kind === 'tool') chunk({ tool_calls: [{ index: 0, id: id('call'), type: 'function', function: { name: s.name, arguments: JSON.stringify(s.args) } }] });
    else if (s.kind === 'reason') chunk({ reasoning_content: s.text });
    else chunk({ content: s.text });
  }
  chunk({}, tool ? 'tool_calls' : 'stop');
  if (body.stream_options?.include_usage) res.write(`data: ${JSON.stringify({ id: chatId, object: 'chat.completion.chunk', created, model: body.model ?? MODEL, choices: [], usage })}\n\n`);
  res.write('data: [DONE]\n\n');
  res.end();
}

async function gemini(res, steps, stream) {
  const usageMetadata = { promptTokenCount: 120, candidatesTokenCount: 42, totalTokenCount: 162 };
  const partOf = (s) => (s.kind === 'tool' ? { functionCall: { name: s.name, args: s.args } } : s.kind === 'reason' ? { text: s.text, thought: true } : { text: s.text });
  const reply = (parts, finish) => ({ candidates: [{ content: { role: 'model', parts }, ...(finish ? { finishReason: 'STOP' } : {}), index: 0 }], usageMetadata, modelVersion: MODEL });
  if (!stream) return json(res, 200, reply(steps.map(partOf), true));
  sse(res);
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    if (s.ms) await sleep(s.ms);
    if (res.destroyed) return;
    res.write(`data: ${JSON.stringify(reply([partOf(s)], i === steps.length - 1))}\n\n`);
  }
  res.end();
}

function sse(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
}

function json(res, status, value, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

// ---------- the server ----------

const flaky = new Map(); // prompt → attempts (bounded below)
let lastActivity = Date.now();

function route(url) {
  const path = url.split('?')[0];
  if (/\/messages\/count_tokens$/.test(path)) return 'anthropic-count';
  if (/\/messages$/.test(path)) return 'anthropic';
  if (/\/responses$/.test(path)) return 'responses';
  if (/\/chat\/completions$/.test(path)) return 'chat';
  if (/:streamGenerateContent$/.test(path)) return 'gemini-stream';
  if (/:generateContent$/.test(path)) return 'gemini';
  if (/:countTokens$/.test(path)) return 'gemini-count';
  if (/\/models$/.test(path)) return 'models';
  return null;
}

async function handle(req, res, raw) {
  const kind = route(req.url ?? '');
  let body = {};
  try {
    body = raw ? JSON.parse(raw) : {};
  } catch {
    /* not JSON: answered as an empty request */
  }
  const log = (entry) => LOG && appendFileSync(LOG, JSON.stringify({ at: Date.now(), method: req.method, url: req.url, ...entry }) + '\n');
  if (kind === null) {
    log({ status: 404 });
    return json(res, 404, { error: { message: `not served by the stand-in: ${req.url}`, type: 'not_found' } });
  }
  if (kind === 'models') return json(res, 200, { object: 'list', data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'orc' }] });
  if (kind === 'anthropic-count') return json(res, 200, { input_tokens: 120 });
  if (kind === 'gemini-count') return json(res, 200, { totalTokens: 120 });

  const api = kind.startsWith('gemini') ? 'gemini' : kind;
  if (DUMP && dumped < 500) writeFileSync(`${DUMP}/${String(++dumped).padStart(3, '0')}-${api}.json`, raw);
  const tools = toolsOf(body);
  const { prompt, afterTool } = conversation(api, body);
  // Gemini's router and next-speaker checks ask for JSON without tools.
  const config = body.generationConfig ?? {};
  if (api === 'gemini' && tools.length === 0 && (config.responseMimeType === 'application/json' || config.responseJsonSchema || config.responseSchema)) {
    log({ api, scenario: 'json' });
    const text = JSON.stringify({ reasoning: 'The model answered; the user speaks next.', next_speaker: 'user', model_choice: 'flash' });
    return gemini(res, [{ kind: 'text', text }], kind === 'gemini-stream');
  }
  const scenario = scenarioOf(prompt, tools);
  let attempts = 0;
  if (scenario.name === 'flaky') {
    if (flaky.size > 1000) flaky.clear();
    attempts = (flaky.get(prompt) ?? 0) + 1;
    flaky.set(prompt, attempts);
  }
  const steps = plan(scenario, tools, afterTool, raw, attempts);
  log({ api, scenario: scenario.name, afterTool, tools: tools.map((t) => t.name), prompt: prompt.slice(0, 200), status: Array.isArray(steps) ? 200 : steps.status });
  if (!Array.isArray(steps)) {
    const e = errorFor(api, String(steps.status));
    return json(res, e.status, e.body, e.headers);
  }
  if (api === 'anthropic') return anthropic(res, steps, body.stream === true);
  if (api === 'responses') return responses(res, steps, body);
  if (api === 'chat') return chat(res, steps, body);
  return gemini(res, steps, kind === 'gemini-stream');
}

const server = createServer((req, res) => {
  lastActivity = Date.now();
  const chunks = [];
  req.on('data', (d) => chunks.push(d));
  req.on('end', () => {
    handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((err) => {
      if (!res.headersSent) json(res, 500, { error: { message: String(err), type: 'stand_in_bug' } });
      else res.end();
    });
  });
});
// Keep-alive connections must not keep an idle stand-in alive.
server.keepAliveTimeout = 5000;

server.listen(PORT, '127.0.0.1', () => {
  const { port } = server.address();
  process.stdout.write(JSON.stringify({ port, url: `http://127.0.0.1:${port}` }) + '\n');
});

// Exit by itself: idle too long, or the parent is gone (reparented, or no such process).
const watchdog = setInterval(() => {
  let parentAlive = PARENT === 0 || process.ppid === PARENT;
  try {
    if (parentAlive && PARENT !== 0) process.kill(PARENT, 0);
  } catch {
    parentAlive = false;
  }
  if (!parentAlive || Date.now() - lastActivity > IDLE_EXIT_MS) {
    clearInterval(watchdog);
    server.close();
    server.closeAllConnections();
    process.exit(0);
  }
}, 1000);
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
