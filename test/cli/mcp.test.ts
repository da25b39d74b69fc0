// `tmux-orc mcp` driven by the MCP SDK's own client over stdio, as an agent's MCP host would:
// the real built CLI, a private tmux server with fake agents, a real database.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentInfo, ScheduleRecord, SpawnResult } from '../../src/shared/domain.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { eventually, FAKE, IDLE_FOOTER, received, startFake, type FakeAgent } from './fake-agents.js';
import { BIN } from './run-cli.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-mcp-'));
const db = join(dir, 'orc.db');
let client: Client;
let ada: FakeAgent;
let bob: FakeAgent;

/** A client connected to `tmux-orc mcp` (the server picked by -L). */
async function connect(args: string[], env: Record<string, string> = {}): Promise<Client> {
  const c = new Client({ name: 'orc-test', version: '1.0.0' });
  const base = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'ORC_DB'));
  await c.connect(
    new StdioClientTransport({ command: process.execPath, args: [BIN, ...args, 'mcp'], env: { ...base, ...env }, stderr: 'pipe' }),
  );
  return c;
}

async function tool(name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

function text(r: CallToolResult): string {
  return r.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
}

const idle = (a: FakeAgent) => server.waitForScreen(a.pane, (s) => s.includes(IDLE_FOOTER) && !s.includes('esc to interrupt'));

beforeAll(async () => {
  ada = await startFake(server, 'web', 'ada', { team: 'web' });
  bob = await startFake(server, 'web', 'bob', { team: 'web', role: 'pm' });
  await startFake(server, 'solo', 'cy');
  // Agents of type claude run the fake agent (spawn_agent).
  client = await connect(['-L', server.name, '--db', db], { ORC_AGENT_CMD_CLAUDE: `node ${FAKE}`, FAKE_AGENT_DEFAULT_MS: '200' });
});

afterAll(async () => {
  await client?.close();
});

describe('tmux-orc mcp', () => {
  it('lists its tools, each with a JSON schema derived from the contract', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    for (const n of ['list_agents', 'get_agent', 'read_screen', 'send_message', 'answer_prompt', 'spawn_agent', 'deploy_team', 'kill_agent', 'restart_agent', 'schedule_checkin', 'list_schedules', 'cancel_schedule', 'list_queued', 'cancel_queued', 'list_notifications', 'get_timeline']) {
      expect(names).toContain(n);
    }
    for (const t of tools) expect(t.inputSchema.type, t.name).toBe('object');
    const list = tools.find((t) => t.name === 'list_agents')!;
    const state = (list.inputSchema.properties as Record<string, { enum?: string[]; description?: string }>).state!;
    expect(state.enum).toContain('waiting');
    expect(state.description).toMatch(/only agents in this state/);
    const send = tools.find((t) => t.name === 'send_message')!;
    expect(send.inputSchema.required).toEqual(expect.arrayContaining(['target', 'text']));
    expect(send.annotations?.readOnlyHint).toBe(false);
  });

  it('lists the agents on its tmux server, filtered by team, as text and structured content', async () => {
    const all = await tool('list_agents');
    expect(all.isError).toBeFalsy();
    const agents = (all.structuredContent as { agents: AgentInfo[] }).agents;
    expect(agents.map((a) => a.name).sort()).toEqual(['ada', 'bob', 'cy']);
    expect(text(all)).toMatch(/ada\s+web:/);
    const web = await tool('list_agents', { team: 'web' });
    expect((web.structuredContent as { agents: AgentInfo[] }).agents.map((a) => a.name).sort()).toEqual(['ada', 'bob']);
  });

  it('sends a message that arrives, verified', async () => {
    const r = await tool('send_message', { target: 'ada', text: 'hello from the orchestrator; "quoted" $HOME' });
    expect(text(r)).toMatch(/^delivered: /);
    expect(r.structuredContent).toMatchObject({ status: 'delivered' });
    await eventually(() => received(ada), (m) => m.includes('hello from the orchestrator; "quoted" $HOME'));
  });

  it('shows the question a waiting agent waits on, and answers it', async () => {
    await idle(bob);
    expect((await tool('send_message', { target: 'bob', text: 'ask' })).isError).toBeFalsy();
    await server.waitForScreen(bob.pane, (s) => s.includes('Do you want to proceed?'));
    const waiting = await eventually(
      () => tool('get_agent', { target: 'bob', lines: 5 }),
      (r) => (r.structuredContent as unknown as AgentInfo).state === 'waiting',
    );
    const info = waiting.structuredContent as unknown as AgentInfo & { lastLines: string[] };
    expect(info.reason).toMatch(/Do you want to proceed/);
    expect(info.lastLines.length).toBeLessThanOrEqual(5);
    expect(text(waiting)).toMatch(/state:\s+waiting/);
    expect(info.prompt).toMatchObject({ question: 'Do you want to proceed?', approving: { kind: 'command', text: 'rm -rf ./build' }, options: [{ number: 1, label: 'Yes' }, { number: 2 }] });
    expect(text(waiting)).toContain('1. Yes');
    // An answer for another prompt (a stale fingerprint) types nothing.
    const stale = await tool('answer_prompt', { target: 'bob', choice: '1', fingerprint: '0000000000000000' });
    expect(stale.isError).toBe(true);
    expect(text(stale)).toMatch(/the prompt changed: bob now asks "Do you want to proceed\?"/);
    const answered = await tool('answer_prompt', { target: 'bob', choice: 'y', fingerprint: info.prompt!.fingerprint });
    expect(answered.isError, text(answered)).toBeFalsy();
    expect(text(answered)).toMatch(/^answered 1 "Yes" to "Do you want to proceed\?"/);
    await server.waitForScreen(bob.pane, (s) => s.includes('Answer: Yes'));
  });

  it('reads a screen with scrollback', async () => {
    const r = await tool('read_screen', { target: 'ada', scrollback: 100 });
    expect(r.isError).toBeFalsy();
    expect(text(r)).toContain('hello from the orchestrator');
    expect(r.structuredContent).toMatchObject({ cols: expect.any(Number), rows: expect.any(Number) });
  });

  it('spawns an agent that then shows in the list', async () => {
    const r = await tool('spawn_agent', { name: 'dev-1', type: 'claude', team: 'web', cwd: dir, briefing: 'start on the login page' });
    expect(r.isError, text(r)).toBeFalsy();
    const spawned = r.structuredContent as unknown as SpawnResult;
    expect(spawned.agent.name).toBe('dev-1');
    expect(spawned.briefing?.status).toBe('delivered');
    const web = await tool('list_agents', { team: 'web' });
    expect((web.structuredContent as { agents: AgentInfo[] }).agents.map((a) => a.name)).toContain('dev-1');
  });

  it('schedules a check-in, lists it and cancels it', async () => {
    const s = await tool('schedule_checkin', { target: 'cy', text: 'status please', inMs: 3_600_000 });
    expect(s.isError, text(s)).toBeFalsy();
    const rec = s.structuredContent as unknown as ScheduleRecord;
    expect(text(s)).toMatch(new RegExp(`^scheduled #${rec.id}`));
    const listed = await tool('list_schedules');
    expect((listed.structuredContent as { schedules: ScheduleRecord[] }).schedules.map((x) => x.id)).toContain(rec.id);
    expect((await tool('cancel_schedule', { id: rec.id })).isError).toBeFalsy();
    const after = await tool('list_schedules');
    expect((after.structuredContent as { schedules: ScheduleRecord[] }).schedules.map((x) => x.id)).not.toContain(rec.id);
  });

  it('bad input and unknown agents are tool errors with the one-line reason, and change nothing', async () => {
    const empty = await tool('send_message', { target: 'cy', text: '   ' });
    expect(empty.isError).toBe(true);
    expect(text(empty)).toMatch(/message is empty/);
    expect(text(empty)).not.toContain('\n');
    const unknown = await tool('get_agent', { target: 'nobody' });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/no agent "nobody"/);
    const badState = await tool('list_agents', { state: 'sleepy' });
    expect(badState.isError).toBe(true);
    expect(text(badState)).toMatch(/state/);
    const badLines = await tool('get_agent', { target: 'cy', lines: 0 });
    expect(badLines.isError).toBe(true);
    expect(text(badLines)).toMatch(/^get_agent: lines: /);
    await expect(client.callTool({ name: 'no_such_tool', arguments: {} })).rejects.toThrow(/unknown tool "no_such_tool"/);
  });
});
