// The WebSocket protocol: calls through the contract's dispatch, clear error replies for bad
// frames, oversized frames, event fan-out, and a server that keeps serving through all of it.
import { describe, expect, it } from 'vitest';
import { MAX_WIRE_BYTES } from '../../src/shared/wire.js';
import { NO_CALL_ID } from '../../src/server/index.js';
import { useWebServer } from './fixture.js';
import { agentFixture } from './memory-engine.js';
import { call, closed, collect, openSocket, rawCall, waitFor } from './web-client.js';

const fx = useWebServer();
const open = () => openSocket(fx.server.port, { token: fx.server.token });

describe('calls', () => {
  it('round-trip through the contract: validated, defaults filled, the engine called once', async () => {
    const ws = await open();
    const reply = await call(ws, 'listAgents', { team: 'alpha' });
    expect(reply.ok).toBe(true);
    expect(reply.ok && (reply.result as { name: string }[]).map((a) => a.name)).toEqual(['alice', 'bob']);
    const msg = await call(ws, 'sendMessage', { target: 'alice', text: 'hello "world"; done' });
    expect(msg).toMatchObject({ ok: true, result: { status: 'delivered' } });
    expect(fx.engine.calls.filter((c) => c.method === 'sendMessage').at(-1)?.input).toEqual({
      target: 'alice',
      text: 'hello "world"; done',
      now: false,
      anyPane: false,
      replace: false,
    });
    ws.close();
  });

  it('answer getStatus with shell "web" and pickFolder with null, without the engine picker', async () => {
    const ws = await open();
    expect(await call(ws, 'getStatus')).toMatchObject({ ok: true, result: { shell: 'web', monitoring: true } });
    expect(await call(ws, 'pickFolder', {})).toMatchObject({ ok: true, result: { path: null } });
    expect(fx.engine.calls.some((c) => c.method === 'pickFolder')).toBe(false);
    ws.close();
  });

  it('with bad input get a bad_input reply and the engine is not called', async () => {
    const ws = await open();
    const before = fx.engine.calls.length;
    const reply = await call(ws, 'sendMessage', { target: 'alice', text: '   ' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_input', message: 'sendMessage: text: message is empty' } });
    const big = await call(ws, 'sendMessage', { target: 'alice', text: 'x'.repeat(200 * 1024) });
    expect(big).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(fx.engine.calls.length).toBe(before);
    ws.close();
  });

  it('that the engine refuses carry its error code', async () => {
    const ws = await open();
    expect(await call(ws, 'getAgent', { target: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'no agent "nobody"' },
    });
    ws.close();
  });

  it('to an unknown method get a bad_input reply', async () => {
    const ws = await open();
    for (const method of ['dropDatabase', '__proto__', 'constructor', 'toString']) {
      expect(await call(ws, method, {})).toMatchObject({ ok: false, error: { code: 'bad_input', message: `unknown method "${method}"` } });
    }
    ws.close();
  });

  it('that are not calls (malformed JSON, wrong shapes, binary) get an error reply and the socket keeps serving', async () => {
    const ws = await open();
    const frames = collect(ws);
    ws.send('{"id": 1, "method": ');
    ws.send('[1,2,3]');
    ws.send('{"id": "seven", "method": "listAgents"}');
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    const noMethod = await rawCall(ws, '{"id": 77}', 77);
    expect(noMethod).toMatchObject({ ok: false, error: { code: 'bad_input', message: 'a call needs a method name' } });
    await waitFor(() => frames.length >= 5, '5 error replies');
    expect(frames.slice(0, 4).map((f) => (f.error as { message: string }).message)).toEqual([
      expect.stringMatching(/^malformed JSON/),
      'a call is a JSON object {id, method, input}',
      'a call needs an integer id',
      expect.stringMatching(/^binary frames are not accepted/),
    ]);
    expect(frames.slice(0, 4).every((f) => f.id === NO_CALL_ID && f.ok === false)).toBe(true);
    expect(await call(ws, 'listAgents')).toMatchObject({ ok: true });
    ws.close();
  });
});

describe('oversized frames', () => {
  it(`over ${MAX_WIRE_BYTES} bytes close that socket with 1009 and a reason; other and new clients are served`, async () => {
    const bystander = await open();
    const ws = await open();
    const frame = JSON.stringify({ id: 1, method: 'sendMessage', input: { target: 'alice', text: 'x'.repeat(1_500_000) } });
    const before = fx.engine.calls.length;
    ws.send(frame);
    const { code, reason } = await closed(ws);
    expect(code).toBe(1009);
    expect(reason).toBe(`frame over the ${MAX_WIRE_BYTES} byte limit`);
    expect(fx.engine.calls.length).toBe(before);
    expect(await call(bystander, 'listAgents')).toMatchObject({ ok: true });
    const fresh = await open();
    expect(await call(fresh, 'getStatus')).toMatchObject({ ok: true });
    bystander.close();
    fresh.close();
  });
});

describe('events', () => {
  it('reach every socket', async () => {
    const sockets = await Promise.all([open(), open(), open()]);
    const inboxes = sockets.map(collect);
    await waitFor(() => fx.server.clients() >= 3, 'three clients');
    const agent = agentFixture('alice', 1, { state: 'busy' });
    fx.engine.emit({ type: 'agentChanged', agent });
    fx.engine.emit({ type: 'agentRemoved', id: 'local/%2' });
    for (const inbox of inboxes) {
      await waitFor(() => inbox.length === 2, 'two events');
      expect(inbox).toEqual([{ event: { type: 'agentChanged', agent } }, { event: { type: 'agentRemoved', id: 'local/%2' } }]);
    }
    for (const s of sockets) s.close();
  });

  it('of engine status say shell "web"; an event that cannot be serialised is skipped and logged', async () => {
    const ws = await open();
    const inbox = collect(ws);
    await waitFor(() => fx.server.clients() === 1, 'one client');
    const status = await fx.engine.host.handlers.getStatus({});
    const bad = { type: 'agentRemoved', id: 1n } as unknown as Parameters<typeof fx.engine.emit>[0];
    expect(() => fx.engine.emit(bad)).not.toThrow();
    fx.engine.emit({ type: 'status', status });
    await waitFor(() => inbox.length === 1, 'the status event');
    expect(inbox[0]).toEqual({ event: { type: 'status', status: { ...status, shell: 'web' } } });
    expect(fx.logs.some((l) => l.includes('could not be serialised'))).toBe(true);
    ws.close();
  });

  it('reach 200 concurrent clients while a request is still answered', async () => {
    const N = 200;
    const sockets = await Promise.all(Array.from({ length: N }, open));
    const counts = new Array<number>(N).fill(0);
    sockets.forEach((s, i) => s.on('message', () => counts[i]!++));
    const EVENTS = 20;
    const agent = agentFixture('alice', 1, { state: 'busy', lastLine: 'y'.repeat(500) });
    const probe = await open();
    // The call goes out while the server is still flushing 20 × 200 event frames.
    for (let e = 0; e < EVENTS; e++) fx.engine.emit({ type: 'agentChanged', agent });
    const t0 = performance.now();
    const reply = await call(probe, 'listAgents');
    const ms = performance.now() - t0;
    expect(reply.ok).toBe(true);
    console.log(`[server] listAgents answered in ${ms.toFixed(1)} ms with ${N} clients receiving ${EVENTS} events`);
    await waitFor(() => counts.every((c) => c === EVENTS), `${EVENTS} events at each of ${N} clients`, 15_000);
    await Promise.all(sockets.map((s) => (s.close(), closed(s))));
    probe.close();
  });
});

describe('a slow client', () => {
  it('that stops reading is closed once its unsent bytes pass the limit; the others keep receiving', async () => {
    const slow = await open();
    const healthy = await open();
    let got = 0;
    healthy.on('message', () => got++);
    await waitFor(() => fx.server.clients() === 2, 'two clients');
    // Stop reading: the kernel buffers fill, then the server's per-socket buffer grows.
    (slow as unknown as { _socket: { pause(): void } })._socket.pause();
    const agent = agentFixture('alice', 1, { lastLine: 'z'.repeat(64 * 1024) });
    let sent = 0;
    await waitFor(() => {
      for (let i = 0; i < 20; i++, sent++) fx.engine.emit({ type: 'agentChanged', agent });
      return fx.server.clients() === 1 || sent > 5000 ? true : undefined;
    }, 'the slow client to be dropped', 20_000);
    expect(fx.server.clients()).toBe(1);
    await waitFor(() => got === sent, `all ${sent} events at the healthy client`, 20_000);
    healthy.close();
    slow.terminate();
  });
});
