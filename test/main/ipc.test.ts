// Every method of the contract crosses IPC validated: good input reaches the engine parsed,
// bad input gets a typed `bad_input` reply and the engine never sees it.
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerIpc, type IpcCallEvent } from '../../src/main/ipc.js';
import { createDesktopBridge, type BridgeIpc } from '../../src/preload/bridge.js';
import { IPC_CHANNELS, BRIDGE_NAME } from '../../src/preload/channels.js';
import { ApiError, API_METHOD_NAMES, parseInput, type ApiInput, type ApiMethodName } from '../../src/shared/api.js';
import { BRIDGE_GLOBAL, createApiClient, type CallReply } from '../../src/shared/wire.js';
import { fake, resetFake } from './fake-electron.js';
import { agent, memoryEngine, type MemoryEngine } from './memory-engine.js';

/** One valid input per method; the Record type fails to compile if the contract gains a method. */
const VALID: { [M in ApiMethodName]: ApiInput<M> } = {
  getStatus: {},
  listAgents: {},
  getAgent: { target: 'alice' },
  capturePane: { target: 'alice', scrollback: 10 },
  getTimeline: { target: 'alice' },
  sendMessage: { target: 'alice', text: 'run the tests; then "commit"\nplease' },
  sendKeys: { target: 'alice', keys: ['C-c', 'Enter'] },
  answerPrompt: { target: 'alice', choice: '1', fingerprint: '0123456789abcdef' },
  broadcast: { all: true, text: 'stand-up in 5' },
  listMessages: {},
  listQueued: {},
  cancelQueued: { id: 1 },
  spawnAgent: { name: 'carol', type: 'claude' },
  deployTeam: { template: 'web' },
  listTeamTemplates: {},
  saveTeamTemplate: { name: 'web2' },
  killAgent: { target: 'bob' },
  getChanges: { target: 'alice', stat: true },
  commitWorktree: { target: 'alice', message: 'agent work' },
  mergeWorktree: { target: 'alice' },
  restartAgent: { target: 'alice' },
  restoreFleet: { dryRun: true, rebrief: false },
  listNotifications: {},
  markRead: { all: true },
  getMetrics: { range: '24h' },
  getReview: { range: '30d' },
  listSchedules: {},
  schedule: { target: 'alice', text: 'check in', everyMs: 3_600_000 },
  cancelSchedule: { id: 1 },
  getSettings: {},
  updateSettings: { theme: 'dark' },
  setMonitoring: { enabled: false },
  pickFolder: {},
};

/** Payloads no method accepts. */
const BAD: unknown[] = [42, 'junk', [1, 2], { unexpected: true }];

let engine: MemoryEngine;
let call: (method: unknown, input: unknown, event?: IpcCallEvent) => Promise<CallReply>;
const trusted: IpcCallEvent = { sender: { id: 1 }, senderFrame: { url: 'file:///app/index.html', parent: null } };

beforeEach(async () => {
  resetFake();
  // alice shows a prompt (answerPrompt's valid input answers it); the engine refuses an answer without one.
  const prompt = { question: 'Proceed?', options: [{ number: 1, label: 'Yes', detail: null, keys: ['1'] }], approving: null, fingerprint: '0123456789abcdef', since: 1_000 };
  engine = memoryEngine([agent('alice', 'idle', { prompt }), agent('bob', 'busy')]);
  await engine.handlers.saveTeamTemplate(parseInput('saveTeamTemplate', { name: 'web' }));
  await engine.handlers.schedule(parseInput('schedule', { target: 'alice', text: 'x', inMs: 60_000 }));
  // Message #1, queued for the busy agent (cancelQueued's valid input takes it back).
  await engine.handlers.sendMessage(parseInput('sendMessage', { target: 'bob', text: 'later' }));
  engine.calls.length = 0;
  registerIpc(fake.ipcMain, { handlers: async () => engine.handlers, isTrusted: (e) => e.sender.id === 1 });
  call = (method, input, event = trusted) => fake.ipcMain.invoke(IPC_CHANNELS.call, event, method, input) as Promise<CallReply>;
});

describe('IPC: the contract table on one channel', () => {
  it('registers exactly one channel, which removes cleanly', () => {
    expect([...fake.ipcMain.handlers.keys()]).toEqual([IPC_CHANNELS.call]);
  });

  it.each(API_METHOD_NAMES)('%s: valid input reaches the engine parsed, the result comes back', async (method) => {
    const reply = await call(method, VALID[method]);
    expect(reply).toMatchObject({ ok: true });
    expect(engine.calls).toEqual([{ method, input: parseInput(method, VALID[method]) }]);
  });

  it.each(API_METHOD_NAMES)('%s: a bad payload gets a typed bad_input error and changes nothing', async (method) => {
    const before = JSON.stringify([...engine.agents.values()]);
    for (const bad of BAD) {
      const reply = await call(method, bad);
      expect(reply.ok).toBe(false);
      if (reply.ok) continue;
      expect(reply.error.code).toBe('bad_input');
      expect(reply.error.message.startsWith(`${method}: `)).toBe(true);
    }
    expect(engine.calls).toEqual([]);
    expect(JSON.stringify([...engine.agents.values()])).toBe(before);
  });

  it('rejects unknown and prototype method names', async () => {
    for (const m of ['nope', 'constructor', '__proto__', 'toString', 42, null]) {
      expect(await call(m, {})).toEqual({ ok: false, error: { code: 'bad_input', message: `unknown method "${String(m)}"` } });
    }
    expect(engine.calls).toEqual([]);
  });

  it('returns engine errors as data with their code', async () => {
    expect(await call('getAgent', { target: 'zed' })).toEqual({ ok: false, error: { code: 'not_found', message: 'no agent "zed"' } });
    expect(await call('spawnAgent', { name: 'alice', type: 'claude' })).toEqual({ ok: false, error: { code: 'conflict', message: 'an agent named "alice" exists' } });
  });

  it('answers only our window: any other sender is refused before the engine sees it', async () => {
    const reply = await call('killAgent', { target: 'alice' }, { sender: { id: 2 }, senderFrame: trusted.senderFrame });
    expect(reply).toEqual({ ok: false, error: { code: 'unavailable', message: 'calls are accepted from the app window only' } });
    expect(engine.calls).toEqual([]);
    expect(engine.agents.has('local/alice')).toBe(true);
  });

  it('replies "unavailable" when the engine failed to start', async () => {
    resetFake();
    registerIpc(fake.ipcMain, { handlers: async () => Promise.reject(new Error('database is locked')), isTrusted: () => true });
    expect(await call('listAgents', {})).toEqual({ ok: false, error: { code: 'unavailable', message: 'engine did not start: database is locked' } });
  });
});

describe('preload bridge over IPC', () => {
  /** ipcRenderer as the page's side of the same fake channel pair. */
  function rendererIpc(): BridgeIpc & EventEmitter {
    const ipc = new EventEmitter() as BridgeIpc & EventEmitter;
    ipc.invoke = (channel: string, ...args: unknown[]) => fake.ipcMain.invoke(channel, trusted, ...args);
    return ipc;
  }

  it('exposes exactly the ShellBridge under the contract name', () => {
    expect(BRIDGE_NAME).toBe(BRIDGE_GLOBAL);
    const bridge = createDesktopBridge(rendererIpc());
    expect(Object.keys(bridge).sort()).toEqual(['call', 'kind', 'onEvent', 'onNavigate']);
    expect(bridge.kind).toBe('desktop');
  });

  it('gives the renderer a typed client whose errors are ApiErrors', async () => {
    const api = createApiClient(createDesktopBridge(rendererIpc()));
    expect((await api.listAgents()).map((a) => a.name)).toEqual(['alice', 'bob']);
    expect((await api.sendMessage({ target: 'alice', text: 'hi' })).status).toBe('delivered');
    const err = await api.getAgent({ target: '' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'bad_input', message: 'getAgent: target: target is empty' });
  });

  it('passes events without the Electron event object, and unsubscribes', () => {
    const ipc = rendererIpc();
    const bridge = createDesktopBridge(ipc);
    const got: unknown[][] = [];
    const off = bridge.onEvent((...args) => got.push(args));
    const offNav = bridge.onNavigate!((id) => got.push(['nav', id]));
    const sender = { senderFrame: {}, sender: {} };
    ipc.emit(IPC_CHANNELS.event, sender, { type: 'agentRemoved', id: 'local/a' });
    ipc.emit(IPC_CHANNELS.navigate, sender, 'local/b');
    off();
    off();
    offNav();
    ipc.emit(IPC_CHANNELS.event, sender, { type: 'agentRemoved', id: 'local/c' });
    expect(got).toEqual([[{ type: 'agentRemoved', id: 'local/a' }], ['nav', 'local/b']]);
    expect(ipc.listenerCount(IPC_CHANNELS.event)).toBe(0);
  });

  it('turns "no handler" (main starting or quitting) into an unavailable reply', async () => {
    resetFake();
    const reply = await createDesktopBridge(rendererIpc()).call('listAgents', {});
    expect(reply).toEqual({ ok: false, error: { code: 'unavailable', message: "desktop shell not ready: No handler registered for 'orc:call'" } });
  });
});
