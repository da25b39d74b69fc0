// Agents' hooks reach the monitor: the real `tmux-orc hook` command (as Claude Code and Codex
// run it, with $TMUX and $TMUX_PANE of its pane) records the event and wakes the hook feed,
// which reports it once; events older than the feed are history. Real private tmux server.
import { afterAll, describe, expect, it } from 'vitest';
import type { HookEvent } from '../../../src/core/agents/hooks.js';
import { startHookFeed, type HookFeed } from '../../../src/core/monitor/hook-feed.js';
import { eventually } from '../../cli/fake-agents.js';
import { oneLine, runCli } from '../../cli/run-cli.js';
import { useTmuxServer } from '../../helpers/tmux.js';

const server = useTmuxServer();
const feeds: HookFeed[] = [];
afterAll(() => feeds.forEach((f) => f.stop()));

async function paneEnv(pane: string): Promise<Record<string, string>> {
  const socket = await server.tmux('display-message', '-p', '-t', pane, '#{socket_path}');
  return { TMUX: `${socket},1,0`, TMUX_PANE: pane };
}

function feed(events: [string, HookEvent][]): HookFeed {
  const f = startHookFeed({
    target: { socketName: server.name },
    run: async (args) => (await server.tmux(...args)).split('\n').filter(Boolean),
    onEvent: (paneId, e) => events.push([paneId, e]),
  });
  feeds.push(f);
  return f;
}

describe('tmux-orc hook → hook feed', () => {
  it('reports each Claude Code hook event of a pane once, with what it means; old events are history', async () => {
    const a = await server.newSession('hooks', ['sleep', '600']);
    const b = (await server.tmux('new-window', '-d', '-t', 'hooks:', '-P', '-F', '#{pane_id}', 'sleep', '600')).trim();
    // An event from before the feed started is not news.
    const old = await runCli(['hook', 'claude', 'Stop'], { input: '{"hook_event_name":"Stop"}', env: await paneEnv(b) });
    expect(old).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const events: [string, HookEvent][] = [];
    const f = feed(events);
    await f.poll();
    const permission = JSON.stringify({ hook_event_name: 'Notification', notification_type: 'permission_prompt', message: 'Claude needs your permission to use Bash' });
    const r = await runCli(['hook', 'claude', 'Notification'], { input: permission, env: await paneEnv(a) });
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    await eventually(() => events.length, (n) => n >= 1);
    expect(events[0]![0]).toBe(a);
    expect(events[0]![1]).toMatchObject({ event: 'Notification', state: 'waiting', detail: 'Claude needs your permission to use Bash' });
    await runCli(['hook', 'claude', 'PreToolUse'], { input: '{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"ls"}}', env: await paneEnv(b) });
    await eventually(() => events.length, (n) => n >= 2);
    expect(events[1]).toEqual([b, expect.objectContaining({ event: 'PreToolUse', state: 'busy', detail: 'running Bash' })]);
    // Nothing reported twice, and the old Stop of b never.
    await f.poll();
    expect(events.map(([p, e]) => `${p} ${e.event}`)).toEqual([`${a} Notification`, `${b} PreToolUse`]);
  });

  it("Codex's notify: the JSON is the last argument; turn complete means idle", async () => {
    const pane = (await server.tmux('new-window', '-d', '-t', 'hooks:', '-P', '-F', '#{pane_id}', 'sleep', '600')).trim();
    const events: [string, HookEvent][] = [];
    const f = feed(events);
    await f.poll();
    const turn = JSON.stringify({ type: 'agent-turn-complete', 'turn-id': '1', 'last-assistant-message': 'All tests pass.\nDone.' });
    expect((await runCli(['hook', 'codex', turn], { env: await paneEnv(pane) })).code).toBe(0);
    await eventually(() => events.filter(([p]) => p === pane).length, (n) => n === 1);
    expect(events.find(([p]) => p === pane)![1]).toMatchObject({ event: 'agent-turn-complete', state: 'idle', detail: 'All tests pass. Done.' });
  });

  it('never gets in the way: outside tmux, bad JSON, an unknown source or a dead server all exit 0 silently', async () => {
    const outside = await runCli(['hook', 'claude', 'Stop'], { input: '{}', env: { TMUX: undefined, TMUX_PANE: undefined } });
    expect(outside).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const pane = (await server.tmux('new-window', '-d', '-t', 'hooks:', '-P', '-F', '#{pane_id}', 'sleep', '600')).trim();
    const bad = await runCli(['hook', 'claude', 'Stop'], { input: 'not json {', env: await paneEnv(pane) });
    expect(bad).toMatchObject({ code: 0, stdout: '', stderr: '' });
    // Bad JSON still reports the event named on the command line.
    expect(await server.tmux('show-options', '-p', '-v', '-t', pane, '@orc-hook')).toMatch(/^Stop\t\d+\tidle\t/);
    const unknown = await runCli(['hook', 'emacs'], { input: '{}', env: await paneEnv(pane) });
    expect(unknown).toMatchObject({ code: 0, stdout: '' });
    const dead = await runCli(['hook', 'claude', 'Stop'], { input: '{}', env: { TMUX: '/tmp/orc-test-no-such-socket,1,0', TMUX_PANE: '%1', ORC_DEBUG: '1' } });
    expect(dead.code).toBe(0);
    expect(dead.stdout).toBe('');
    expect(oneLine(dead.stderr)).toMatch(/^tmux-orc hook: /);
  });
});
