// Fake agents (test/fixtures/fake-agent) in a private tmux server, tagged like spawned agents,
// and what they received.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TmuxServer } from '../helpers/tmux.js';
import { FAKE_AGENT as FAKE, fakeAgentMessages } from '../helpers/fake-agent.js';

export { FAKE };

export const IDLE_FOOTER = '? for shortcuts';
const logDir = mkdtempSync(join(tmpdir(), 'orc-cli-fake-'));

export interface FakeAgent {
  pane: string;
  name: string;
  log: string;
}

export interface FakeOptions {
  team?: string;
  role?: string;
  type?: string;
  /** Tag with @orc-name (default true). */
  tagName?: boolean;
}

/** A fake agent in its own window (`session` is created when missing), tagged, idle. */
export async function startFake(server: TmuxServer, session: string, name: string, o: FakeOptions = {}): Promise<FakeAgent> {
  const log = join(logDir, `${session}-${name}.jsonl`);
  const exists = await server.tmux('has-session', '-t', `=${session}`).then(() => true, () => false);
  const pane = exists
    ? (await server.tmux('new-window', '-d', '-t', `${session}:`, '-n', name, '-P', '-F', '#{pane_id}', '-e', `FAKE_AGENT_LOG=${log}`, '-e', `FAKE_AGENT_KEYLOG=${log}.keys`, 'node', FAKE)).trim()
    : await server.newSession(session, ['node', FAKE], { FAKE_AGENT_LOG: log, FAKE_AGENT_KEYLOG: `${log}.keys` });
  if (!exists) await server.tmux('rename-window', '-t', pane, name);
  const tags: [string, string | undefined][] = [
    ['@orc-type', o.type ?? 'claude'],
    ['@orc-name', o.tagName === false ? undefined : name],
    ['@orc-role', o.role],
    ['@orc-team', o.team],
  ];
  for (const [k, v] of tags) if (v !== undefined) await server.tmux('set-option', '-p', '-t', pane, k, v);
  await server.waitForScreen(pane, (s) => s.includes(IDLE_FOOTER));
  return { pane, name, log };
}

/** Keys the fake agent read while it asked a question, in order. */
export function keysRead(a: FakeAgent): string[] {
  if (!existsSync(`${a.log}.keys`)) return [];
  return readFileSync(`${a.log}.keys`, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { key: string }).key);
}

/** Messages the fake agent received (submitted), in order. */
export function received(a: FakeAgent): string[] {
  return fakeAgentMessages(a.log);
}

/** Poll until `test` holds (deadline, not a fixed sleep). */
export async function eventually<T>(get: () => T | Promise<T>, test: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let v = await get();
  while (!test(v)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
    v = await get();
  }
  return v;
}
