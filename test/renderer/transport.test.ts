// The web transport against a real WebSocket server on 127.0.0.1 (the `ws` package, as the web
// dashboard uses), with jsdom's own WebSocket on the client side.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { ApiError, dispatch, toApiError } from '../../src/shared/api.js';
import { createApiClient, type WireCall } from '../../src/shared/wire.js';
import { takeToken, socketUrl, TOKEN_KEY } from '../../src/renderer/src/api/bridge.js';
import { createWsTransport, LOST_MESSAGE, parseServerFrame, type ConnectionState, type Transport } from '../../src/renderer/src/api/wsTransport.js';
import { agent, memoryEngine } from './memory-engine.js';
import { until } from '../helpers/poll.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface TestServer {
  wss: WebSocketServer;
  port: number;
  sockets: Set<ServerSocket>;
  urls: string[];
}

async function startServer(onCall: (ws: ServerSocket, call: WireCall) => void, port = 0): Promise<TestServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const s: TestServer = { wss, port: (wss.address() as { port: number }).port, sockets: new Set(), urls: [] };
  wss.on('connection', (ws, req) => {
    s.sockets.add(ws);
    s.urls.push(req.url ?? '');
    ws.on('close', () => s.sockets.delete(ws));
    ws.on('message', (data) => onCall(ws, JSON.parse(String(data)) as WireCall));
  });
  cleanups.push(() => new Promise<void>((r) => wss.close(() => r())));
  return s;
}

function transport(port: number, token = 'tok-123'): Transport {
  const t = createWsTransport({ url: `ws://127.0.0.1:${port}/ws?token=${token}`, minBackoffMs: 20, maxBackoffMs: 100, waitOpenMs: 3_000 });
  cleanups.push(() => t.close());
  return t;
}

describe('web transport', () => {
  it('carries calls to the handler table and matches replies by id, in any order', async () => {
    const engine = memoryEngine([agent('alpha'), agent('beta', { state: 'busy' })]);
    const server = await startServer((ws, call) => {
      // Answer the slow method last, so replies arrive out of order.
      const delay = call.method === 'listAgents' ? 60 : 0;
      setTimeout(() => {
        dispatch(engine.handlers, call.method, call.input).then(
          (result) => ws.send(JSON.stringify({ id: call.id, ok: true, result })),
          (err: unknown) => ws.send(JSON.stringify({ id: call.id, ok: false, error: toApiError(err) })),
        );
      }, delay);
    });
    const t = transport(server.port);
    const api = createApiClient(t.bridge);
    const [agents, status, msg] = await Promise.all([
      api.listAgents(),
      api.getStatus(),
      api.sendMessage({ target: 'beta', text: 'hello' }),
    ]);
    expect(agents.map((a) => a.name)).toEqual(['alpha', 'beta']);
    expect(status.version).toBe('test');
    expect(msg.status).toBe('queued');
    expect(server.urls[0]).toBe('/ws?token=tok-123');

    const err = await api.getAgent({ target: 'nobody' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'not_found', message: 'no agent "nobody"' });
    const bad = await api.sendMessage({ target: 'alpha', text: '  ' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'bad_input', message: 'sendMessage: text: message is empty' });
  });

  it('delivers pushed events and ignores malformed frames', async () => {
    const server = await startServer(() => undefined);
    const t = transport(server.port);
    const seen: string[] = [];
    t.bridge.onEvent((e) => seen.push(e.type));
    await until(() => t.connection() === 'open', 'open');
    const ws = [...server.sockets][0]!;
    ws.send('not json');
    ws.send(JSON.stringify({ id: 'x' }));
    ws.send(JSON.stringify({ id: 999, ok: true, result: 1 })); // no such call: dropped
    ws.send(JSON.stringify({ event: { type: 'agentRemoved', id: 'local/a' } }));
    ws.send(JSON.stringify({ event: { type: 'agentChanged', agent: agent('b') } }));
    await until(() => seen.length === 2, 'two events');
    expect(seen).toEqual(['agentRemoved', 'agentChanged']);
  });

  it('fails calls in flight when the link drops, shows the state, and reconnects', async () => {
    let answer = true;
    const server = await startServer((ws, call) => {
      if (answer) ws.send(JSON.stringify({ id: call.id, ok: true, result: { monitoring: true } }));
    });
    const t = transport(server.port);
    const states: [ConnectionState, boolean][] = [];
    t.onConnection((s, reopened) => states.push([s, reopened]));
    const api = createApiClient(t.bridge);
    await expect(api.setMonitoring({ enabled: true })).resolves.toEqual({ monitoring: true });

    answer = false;
    const pending = api.setMonitoring({ enabled: false }).catch((e: unknown) => e);
    await until(() => server.sockets.size === 1, 'socket');
    for (const ws of server.sockets) ws.terminate();
    const err = await pending;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'unavailable', message: LOST_MESSAGE });

    await until(() => states.some(([s, re]) => s === 'open' && re), 'reconnect');
    expect(states[0]).toEqual(['open', false]);
    const closedAt = states.findIndex(([s]) => s === 'closed');
    const reopenedAt = states.findIndex(([s, re]) => s === 'open' && re);
    expect(closedAt).toBeGreaterThan(0);
    expect(reopenedAt).toBeGreaterThan(closedAt);
    answer = true;
    await expect(api.setMonitoring({ enabled: true })).resolves.toEqual({ monitoring: true });
  });

  it('a call made while disconnected waits for the link, then fails clearly if it never comes', async () => {
    const server = await startServer(() => undefined);
    const port = server.port;
    await new Promise<void>((r) => server.wss.close(() => r()));
    const t = createWsTransport({ url: `ws://127.0.0.1:${port}/ws`, minBackoffMs: 20, maxBackoffMs: 50, waitOpenMs: 300 });
    cleanups.push(() => t.close());
    const reply = await t.bridge.call('getStatus', {});
    expect(reply).toEqual({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/Not connected/) } });
    expect(t.connection()).not.toBe('open');
  });

  it('parses replies and events, rejecting junk', () => {
    expect(parseServerFrame('{"id":1,"ok":true,"result":[1]}')).toEqual({ kind: 'reply', id: 1, reply: { ok: true, result: [1] } });
    expect(parseServerFrame('{"id":2,"ok":false,"error":{"code":"weird","message":"m"}}')).toEqual({
      kind: 'reply', id: 2, reply: { ok: false, error: { code: 'internal', message: 'm' } },
    });
    expect(parseServerFrame('{"event":{"type":"agentRemoved","id":"x"}}')).toEqual({ kind: 'event', event: { type: 'agentRemoved', id: 'x' } });
    expect(parseServerFrame('[]')).toBeNull();
    expect(parseServerFrame('nope')).toBeNull();
    expect(parseServerFrame(new ArrayBuffer(2))).toBeNull();
  });
});

describe('token handling', () => {
  it('takes the token from the address, keeps it for reloads, and strips it from the bar', () => {
    window.history.replaceState(null, '', '/?token=abc123&x=1#/agents');
    expect(takeToken(window)).toBe('abc123');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#/agents');
    expect(sessionStorage.getItem(TOKEN_KEY)).toBe('abc123');
    // a reload without the token in the URL still has it
    expect(takeToken(window)).toBe('abc123');
    expect(socketUrl(window.location, 'a b')).toBe(`ws://${window.location.host}/ws?token=a%20b`);
    expect(socketUrl({ protocol: 'https:', host: 'h:1' } as Location, null)).toBe('wss://h:1/ws');
  });
});
