// Automatic continue after a usage limit (issue #16), on real tmux with the fake agent: an
// opted-in agent that prints a usage limit resetting a few seconds ahead is sent the configured
// text once it can take input after the reset, exactly once, through the normal send path
// (the message log has it); an agent not opted in is sent nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrchestrator, type Orchestrator } from '../../src/core/orchestrator.js';
import { dispatch, type ApiEvent } from '../../src/shared/api.js';
import type { MessageLogEntry, SpawnResult } from '../../src/shared/domain.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { FAKE_AGENT, fakeAgentMessages } from '../helpers/fake-agent.js';
import { eventually } from '../cli/fake-agents.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-auto-continue-'));
const env = { ...process.env, ORC_AGENT_CMD_CLAUDE: `node ${FAKE_AGENT}`, FAKE_AGENT_DEFAULT_MS: '200' };
let orc: Orchestrator;
const events: ApiEvent[] = [];
const call = <T>(method: string, input?: unknown) => dispatch(orc.handlers, method, input) as Promise<T>;

beforeAll(async () => {
  await server.newSession('base');
  orc = await createOrchestrator({ socketName: server.name, dbPath: join(dir, 'orc.db'), monitor: true, shell: 'web', env, timings: { readyMs: 20_000 }, metricsIntervalMs: 60_000 });
  orc.onEvent((e) => events.push(e));
});
afterAll(() => orc?.close());

describe('auto-continue after a usage limit', () => {
  it('sends the configured text once after the reset time, only to agents opted in', async () => {
    const logOf = (n: string) => join(dir, `${n}.jsonl`);
    await call<SpawnResult>('spawnAgent', { name: 'limited', type: 'claude', team: 'blue', cwd: dir, env: { FAKE_AGENT_LOG: logOf('limited') } });
    await call<SpawnResult>('spawnAgent', { name: 'bystander', type: 'claude', cwd: dir, env: { FAKE_AGENT_LOG: logOf('bystander') } });
    await call('updateSettings', { autoContinue: { teams: ['blue'], text: 'continue please' } });

    for (const n of ['limited', 'bystander']) await call('sendMessage', { target: n, text: 'ratelimit 3s', now: true });
    const limitedAt = await eventually(
      () => events.flatMap((e) => (e.type === 'agentChanged' && e.agent.name === 'limited' && e.agent.state === 'rate_limited' ? [e.agent] : [])),
      (as) => as.some((a) => a.resetAt !== null),
      20_000,
    );
    const resetAt = limitedAt.find((a) => a.resetAt !== null)!.resetAt!;
    expect(resetAt).toBeGreaterThan(Date.now() - 10_000);

    await eventually(() => fakeAgentMessages(logOf('limited')), (ms) => ms.includes('continue please'), 30_000);
    // Sent at or after the reset time, through the send path (logged as delivered).
    const mine = async () => (await call<MessageLogEntry[]>('listMessages', {})).filter((m) => m.agent === 'limited' && m.text === 'continue please');
    const sent = await eventually(mine, (ms) => ms.some((m) => m.status === 'delivered'), 20_000);
    expect(sent.map((m) => m.status)).toEqual(['delivered']);
    expect(sent[0]!.createdAt).toBeGreaterThanOrEqual(resetAt);

    // Exactly once: well past the bystander's reset too, nothing more arrives anywhere.
    await new Promise((r) => setTimeout(r, 4_000));
    expect(fakeAgentMessages(logOf('limited')).filter((m) => m === 'continue please')).toHaveLength(1);
    expect(fakeAgentMessages(logOf('bystander'))).toEqual(['ratelimit 3s']);
  }, 90_000);

  it('refuses bad settings with one clear message', async () => {
    await expect(call('updateSettings', { autoContinue: { text: '' } })).rejects.toMatchObject({ code: 'bad_input' });
    await expect(call('updateSettings', { autoContinue: { text: 'go\u0003' } })).rejects.toMatchObject({ code: 'bad_input' });
  });
});
