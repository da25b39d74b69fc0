// The model-API stand-in speaks each API the real CLIs use: streams that their SDKs parse, tool
// calls shaped by the tools offered, and each error's status, body and headers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelApi, type ModelApi } from './model-api/index.js';
import { realCliMissing, realCliPath, REAL_CLIS } from './real-clis.js';

let api: ModelApi;
beforeAll(async () => {
  api = await startModelApi();
});
afterAll(async () => {
  await api.stop();
});

async function post(path: string, body: object): Promise<Response> {
  return fetch(`${api.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** The `data:` payloads of an SSE body, parsed (`[DONE]` kept as a string). */
async function events(res: Response): Promise<unknown[]> {
  const text = await res.text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => l.slice(6))
    .map((d) => (d === '[DONE]' ? d : (JSON.parse(d) as unknown)));
}

const bash = { name: 'Bash', input_schema: { type: 'object', properties: { command: { type: 'string' }, description: { type: 'string' } } } };

describe('model-API stand-in', () => {
  it('Anthropic Messages: a reply streams message_start … message_stop with a U+2019 apostrophe', async () => {
    const res = await post('/v1/messages?beta=true', { stream: true, tools: [bash], messages: [{ role: 'user', content: 'hello' }] });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const got = (await events(res)) as { type: string; delta?: { text?: string } }[];
    expect(got.map((e) => e.type)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(got[2]?.delta?.text).toContain('’');
  });

  it('Anthropic Messages: orc-shell calls the Bash tool with a command fitting its schema; after the result it answers', async () => {
    const res = await post('/v1/messages', { stream: true, tools: [bash], messages: [{ role: 'user', content: 'please orc-shell' }] });
    const got = (await events(res)) as { type: string; content_block?: { type: string; name?: string }; delta?: { partial_json?: string; stop_reason?: string } }[];
    const tool = got.find((e) => e.content_block?.type === 'tool_use');
    expect(tool?.content_block?.name).toBe('Bash');
    const json = got.find((e) => e.delta?.partial_json)?.delta?.partial_json ?? '{}';
    expect(JSON.parse(json)).toEqual({ command: 'rm -rf ./build', description: 'Remove the build directory' });
    expect(got.find((e) => e.type === 'message_delta')?.delta?.stop_reason).toBe('tool_use');
    const after = await post('/v1/messages', {
      stream: false,
      tools: [bash],
      messages: [
        { role: 'user', content: 'please orc-shell' },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'x', content: 'ok' }] },
      ],
    });
    expect(((await after.json()) as { content: { text: string }[] }).content[0]?.text).toBe('Done.');
  });

  it('count_tokens and a request without tools (a title) get plain answers', async () => {
    expect(await (await post('/v1/messages/count_tokens', { messages: [] })).json()).toEqual({ input_tokens: 120 });
    const title = await post('/v1/messages', { stream: false, messages: [{ role: 'user', content: 'orc-429-usage: write the title' }] });
    expect(title.status).toBe(200);
  });

  it('errors carry each API’s status, body and headers', async () => {
    const usage = await post('/v1/messages', { tools: [bash], messages: [{ role: 'user', content: 'orc-429-usage' }] });
    expect(usage.status).toBe(429);
    expect(usage.headers.get('anthropic-ratelimit-unified-status')).toBe('rejected');
    expect(Number(usage.headers.get('anthropic-ratelimit-unified-reset'))).toBeGreaterThan(Date.now() / 1000);
    const overloaded = await post('/v1/messages', { tools: [bash], messages: [{ role: 'user', content: 'orc-529' }] });
    expect(overloaded.status).toBe(529);
    expect(await overloaded.json()).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    const codexLimit = await post('/v1/responses', { tools: [{ type: 'function', name: 'exec_command', parameters: {} }], input: [{ role: 'user', content: [{ type: 'input_text', text: 'orc-429-usage' }] }] });
    expect(codexLimit.status).toBe(429);
    const body = (await codexLimit.json()) as { error: { type: string; resets_in_seconds: number } };
    expect(body.error.type).toBe('usage_limit_reached');
    expect(body.error.resets_in_seconds).toBe(7200);
    const gemini = await post('/v1beta/models/m:streamGenerateContent?alt=sse', { tools: [{ functionDeclarations: [{ name: 'run_shell_command' }] }], contents: [{ role: 'user', parts: [{ text: 'orc-401' }] }] });
    expect(gemini.status).toBe(400);
    expect(JSON.stringify(await gemini.json())).toContain('API_KEY_INVALID');
    // A quota message that names its reset time in its text, 2 h ahead (Qwen Code fails at once on it).
    const quota = await post('/v1/chat/completions', { tools: [{ type: 'function', function: { name: 'bash', parameters: {} } }], messages: [{ role: 'user', content: 'orc-429-quota' }] });
    expect(quota.status).toBe(429);
    const reset = new Date(Date.now() + 2 * 3600_000);
    const hour = ((reset.getUTCHours() + 11) % 12) + 1;
    expect(((await quota.json()) as { error: { message: string } }).error.message).toMatch(new RegExp(`^Quota exceeded: .* will reset at ${hour}:\\d\\d [AP]M \\(UTC\\)\\.$`));
    for (const status of ['400', '401', '500', '503'] as const) {
      const r = await post('/v1/chat/completions', { tools: [{ type: 'function', function: { name: 'bash', parameters: {} } }], messages: [{ role: 'user', content: `orc-${status}` }] });
      expect(r.status).toBe(Number(status));
    }
  });

  it('OpenAI Responses: reasoning summary, then text, then response.completed', async () => {
    const res = await post('/v1/responses', {
      stream: true,
      tools: [{ type: 'function', name: 'exec_command', parameters: { properties: { cmd: { type: 'string' } } } }],
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'think: orc-reason' }] }],
    });
    const types = ((await events(res)) as { type: string }[]).map((e) => e.type);
    expect(types[0]).toBe('response.created');
    expect(types).toContain('response.reasoning_summary_text.delta');
    expect(types.indexOf('response.reasoning_summary_text.delta')).toBeLessThan(types.indexOf('response.output_text.delta'));
    expect(types.at(-1)).toBe('response.completed');
  });

  it('OpenAI Responses: orc-shell calls exec_command with the command as its `cmd` string', async () => {
    const res = await post('/v1/responses', {
      stream: true,
      tools: [{ type: 'function', name: 'exec_command', parameters: { properties: { cmd: { type: 'string' }, workdir: { type: 'string' } } } }],
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'orc-shell' }] }],
    });
    const done = ((await events(res)) as { type: string; item?: { type: string; name: string; arguments: string } }[]).filter(
      (e) => e.type === 'response.output_item.done' && e.item?.type === 'function_call',
    );
    expect(done.map((e) => [e.item?.name, JSON.parse(e.item?.arguments ?? '{}')])).toEqual([['exec_command', { cmd: 'rm -rf ./build' }]]);
  });

  it('Chat Completions: orc-tasks calls the todo tool with items shaped by its schema, ending in [DONE]', async () => {
    const todowrite = {
      type: 'function',
      function: { name: 'todowrite', parameters: { properties: { todos: { type: 'array', items: { properties: { content: {}, status: {}, id: {}, priority: {} } } } } } },
    };
    const res = await post('/v1/chat/completions', { stream: true, tools: [todowrite], messages: [{ role: 'user', content: 'orc-tasks' }] });
    const got = await events(res);
    expect(got.at(-1)).toBe('[DONE]');
    const call = (got as { choices?: { delta?: { tool_calls?: { function: { name: string; arguments: string } }[] } }[] }[])
      .flatMap((c) => c.choices ?? [])
      .flatMap((c) => c.delta?.tool_calls ?? [])[0];
    expect(call?.function.name).toBe('todowrite');
    const todos = (JSON.parse(call?.function.arguments ?? '{}') as { todos: { status: string; priority: string }[] }).todos;
    expect(todos.map((t) => t.status)).toEqual(['completed', 'in_progress', 'pending']);
    expect(todos[0]?.priority).toBe('high');
  });

  it('Gemini: streamGenerateContent streams parts; the JSON-mode router gets a JSON answer', async () => {
    const res = await post('/v1beta/models/m:streamGenerateContent?alt=sse', {
      tools: [{ functionDeclarations: [{ name: 'run_shell_command', parameters: { properties: { command: { type: 'string' } } } }] }],
      contents: [{ role: 'user', parts: [{ text: 'orc-shell' }] }],
    });
    const parts = ((await events(res)) as { candidates: { content: { parts: { functionCall?: { name: string; args: object } }[] } }[] }[]).flatMap(
      (e) => e.candidates[0]?.content.parts ?? [],
    );
    expect(parts.find((p) => p.functionCall)?.functionCall).toEqual({ name: 'run_shell_command', args: { command: 'rm -rf ./build' } });
    const router = await post('/v1beta/models/m:generateContent', { generationConfig: { responseMimeType: 'application/json' }, contents: [{ role: 'user', parts: [{ text: 'route' }] }] });
    const text = ((await router.json()) as { candidates: { content: { parts: { text: string }[] } }[] }).candidates[0]?.content.parts[0]?.text ?? '';
    expect(JSON.parse(text)).toMatchObject({ next_speaker: 'user' });
  });

  it('orc-flaky fails twice with 503, then answers; every request is logged with its scenario', async () => {
    const ask = () => post('/v1/chat/completions', { tools: [{ type: 'function', function: { name: 'bash', parameters: {} } }], messages: [{ role: 'user', content: 'orc-flaky once' }] });
    expect([(await ask()).status, (await ask()).status, (await ask()).status]).toEqual([503, 503, 200]);
    expect(api.requests().filter((r) => r.scenario === 'flaky').map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('listens on 127.0.0.1 only and refuses unknown paths with one clear 404', async () => {
    expect(new URL(api.url).hostname).toBe('127.0.0.1');
    const res = await fetch(`${api.url}/nope`);
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).toContain('not served by the stand-in: /nope');
  });
});

describe('real CLIs', () => {
  // The versions scripts/install-real-clis.sh pins (the fixtures were captured with them).
  const pinned = readFileSync('scripts/install-real-clis.sh', 'utf8');
  it.each(REAL_CLIS)('%s is installed where the tests look and runs at its pinned version', (cli) => {
    if (realCliMissing(cli)) return; // printed once why; under CI=true realCliMissing throws instead
    const home = mkdtempSync(join(tmpdir(), `orc-version-${cli}-`));
    try {
      const out = execFileSync(realCliPath(cli) ?? '', ['--version'], { encoding: 'utf8', env: { ...process.env, HOME: home, CODEX_HOME: home }, stdio: ['ignore', 'pipe', 'ignore'] });
      const version = /\d+\.\d+\.\d+/.exec(out)?.[0];
      expect(version).toBeTruthy();
      expect(pinned).toContain(`@${version}"`);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000); // Node CLIs start slowly on a loaded 2-core machine
});
