// The registry on a real (private) tmux server: tagged panes are agents whatever they run,
// untagged ones by command or window name; renames, kills and state kept across refreshes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTmuxServer } from '../../helpers/tmux.js';
import { connectTmux, type PaneRow, type TmuxConnection } from '../../../src/core/tmux/index.js';
import { AgentRegistry, agentFromRow, parseExtras } from '../../../src/core/agents/registry.js';

const server = useTmuxServer();
let conn: TmuxConnection;
let shellPane = '';

beforeAll(async () => {
  shellPane = await server.newSession('reg', ['bash', '--norc', '--noprofile']);
  conn = connectTmux({ socketName: server.name, commandTimeoutMs: 5000 });
  await conn.waitConnected(5000);
});
afterAll(() => conn.close());

async function newWindow(name: string, tags: Record<string, string> = {}): Promise<string> {
  const set = Object.entries(tags).flatMap(([k, v]) => [';', 'set-option', '-p', `@orc-${k}`, v]);
  const out = await server.tmux('new-window', '-t', 'reg:', '-n', name, '-P', '-F', '#{pane_id}', 'sleep 600', ...set);
  const pane = out.trim();
  // tmux starts the command through `sh -c`: wait until sleep has replaced the shell, so a
  // refresh does not see the command change from sh to sleep under it.
  const deadline = Date.now() + 10_000;
  while ((await server.tmux('display', '-p', '-t', pane, '#{pane_current_command}')).trim() !== 'sleep') {
    if (Date.now() > deadline) throw new Error(`pane ${pane} never ran sleep`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return pane;
}

describe('AgentRegistry', () => {
  it('finds tagged panes and recognised windows, leaves plain shells out', async () => {
    const reg = new AgentRegistry({ now: () => 1000 });
    const tagged = await newWindow('w-tagged', { type: 'claude', name: 'eng1', role: 'engineer', team: 'red' });
    const byName = await newWindow('Claude-backend');
    const byRole = await newWindow('pm');
    const diff = await reg.refresh(conn);
    expect(diff.removed).toEqual([]);
    const ids = diff.added.map((a) => a.paneId).sort();
    expect(ids).toEqual([tagged, byName, byRole].sort());
    expect(reg.byPane(shellPane)).toBeUndefined();
    const eng = reg.get(`local/${tagged}`)!;
    expect(eng).toMatchObject({ id: `local/${tagged}`, host: 'local', name: 'eng1', type: 'claude', role: 'engineer', team: 'red', tagged: true, state: 'starting', since: 1000, session: 'reg', windowName: 'w-tagged', command: 'sleep' });
    expect(eng.target).toMatch(/^reg:\d+\.0$/);
    expect(reg.byPane(byName)).toMatchObject({ type: 'claude', role: 'engineer', tagged: false, name: 'Claude-backend' });
    expect(reg.byPane(byRole)).toMatchObject({ type: 'generic', role: 'pm', tagged: false });
    expect(reg.panes().some((p) => p.paneId === shellPane)).toBe(true);
    expect(reg.extrasOf(tagged)?.startCommand).toContain('sleep 600');
    expect(reg.extrasOf(tagged)!.activityMs).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps state across refreshes, reports renames as changes and kills as removals', async () => {
    const reg = new AgentRegistry();
    const pane = await newWindow('renamable', { type: 'generic' });
    await reg.refresh(conn);
    reg.update(pane, { state: 'busy', reason: 'busy: x', since: 5 });
    expect(await reg.refresh(conn)).toEqual({ added: [], removed: [], changed: [] });
    await server.tmux('rename-window', '-t', pane, 'renamed');
    const renamed = await reg.refresh(conn);
    expect(renamed.changed.map((a) => [a.paneId, a.name, a.state, a.since])).toEqual([[pane, 'renamed', 'busy', 5]]);
    await server.tmux('kill-pane', '-t', pane);
    const killed = await reg.refresh(conn);
    expect(killed.removed.map((a) => a.paneId)).toEqual([pane]);
    expect(reg.byPane(pane)).toBeUndefined();
    expect(reg.get(`other/${pane}`)).toBeUndefined();
    expect(reg.clear().length).toBeGreaterThan(0);
    expect(reg.size).toBe(0);
    expect(reg.panes()).toEqual([]);
  });
});

describe('agentFromRow and parseExtras', () => {
  const base: PaneRow = {
    paneId: '%7', sessionId: '$1', session: 's', windowId: '@1', windowIndex: 2, windowName: 'node', paneIndex: 0, target: 's:2.0',
    command: 'node', pid: 1, dead: false, deadStatus: null, cwd: '/w', width: 80, height: 24, inMode: false, active: false,
    orcName: '', orcType: '', orcRole: '', orcTeam: '', title: '',
  };

  it('recognises a node-wrapped agent by its start command, and not a plain node pane', () => {
    expect(agentFromRow(base, 'local', { startCommand: 'node /x/bin/gemini.js', activityMs: 0, pid: 0, locked: false })?.type).toBe('gemini');
    expect(agentFromRow(base, 'local', { startCommand: 'node server.js', activityMs: 0, pid: 0, locked: false })).toBeNull();
  });

  it('parses the extras listing, skipping lines that are not panes', () => {
    const m = parseExtras(['%1\x1f1700000000\x1f4242\x1f\x1fclaude --x', 'garbage', '%2\x1f\x1f\x1fme@1\x1f']);
    expect([...m]).toEqual([
      ['%1', { activityMs: 1_700_000_000_000, pid: 4242, locked: false, startCommand: 'claude --x' }],
      ['%2', { activityMs: 0, pid: 0, locked: true, startCommand: '' }],
    ]);
  });
});
