// Starting, limits and stopping: port conflicts, warnings, the client cap, dead sockets, close().
import { connect } from 'node:net';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebServer, WebServerError } from '../../src/server/index.js';
import { makeStaticDir } from './fixture.js';
import { createMemoryEngine } from './memory-engine.js';
import { call, closed, http, openSocket, waitFor } from './web-client.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function start(opts: Partial<Parameters<typeof startWebServer>[0]> = {}) {
  const dirs = makeStaticDir();
  const engine = createMemoryEngine();
  const server = await startWebServer({ engine: engine.host, staticDir: dirs.root, ...opts });
  cleanup.push(() => rmSync(dirs.base, { recursive: true, force: true }));
  cleanup.push(() => server.close());
  return { server, engine, root: dirs.root };
}

describe('startWebServer', () => {
  it('binds 127.0.0.1 on a free port with a random 32-hex token and no warnings', async () => {
    const { server } = await start();
    expect(server.host).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(server.token).toMatch(/^[0-9a-f]{32}$/);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.warnings).toEqual([]);
  });

  it('reports a port in use as one clear error', async () => {
    const { server } = await start();
    const err = await start({ port: server.port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebServerError);
    expect((err as WebServerError).code).toBe('port_in_use');
    expect((err as Error).message).toBe(`port ${server.port} on 127.0.0.1 is already in use: pick another port (0 picks any free one)`);
  });

  it('refuses bad options before listening', async () => {
    await expect(start({ port: 70000 })).rejects.toMatchObject({ code: 'bad_option' });
    await expect(start({ token: 'short' })).rejects.toMatchObject({ code: 'bad_option' });
    await expect(start({ host: '203.0.113.77' })).rejects.toMatchObject({ code: 'bad_address' });
  });

  it('warns about a non-loopback host and a missing build', async () => {
    const { server } = await start({ host: '0.0.0.0', staticDir: '/nonexistent/renderer' });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.warnings).toHaveLength(2);
    expect(server.warnings[0]).toMatch(/^warning: listening on 0\.0\.0\.0:\d+, reachable from other machines/);
    expect(server.warnings[1]).toMatch(/no index\.html in \/nonexistent\/renderer/);
    const page = await http(server.port, { path: `/?token=${server.token}` });
    expect(page.status).toBe(503);
    expect(page.body).toMatch(/npm run build/);
  });

  it('uses a given token', async () => {
    const token = 'my-script-token-0123456789';
    const { server } = await start({ token });
    expect(server.token).toBe(token);
    expect((await http(server.port, { path: `/?token=${token}` })).status).toBe(200);
  });
});

describe('limits', () => {
  it('refuse WebSocket clients past maxClients with 503', async () => {
    const { server } = await start({ maxClients: 2 });
    const a = await openSocket(server.port, { token: server.token });
    const b = await openSocket(server.port, { token: server.token });
    await expect(openSocket(server.port, { token: server.token })).rejects.toThrow('HTTP 503');
    a.close();
    await closed(a);
    await waitFor(() => server.clients() === 1, 'a slot to free');
    const c = await openSocket(server.port, { token: server.token });
    c.close();
    b.close();
  });

  it('answer calls past maxInFlight with unavailable', async () => {
    const dirs = makeStaticDir();
    cleanup.push(() => rmSync(dirs.base, { recursive: true, force: true }));
    const engine = createMemoryEngine();
    const release: (() => void)[] = [];
    // A getSettings that waits until the test lets it go.
    const slowHandlers = { ...engine.host.handlers, getSettings: () => new Promise<never>((r) => release.push(() => r(undefined as never))) };
    const server = await startWebServer({
      engine: { ...engine.host, handlers: slowHandlers },
      staticDir: dirs.root,
      limits: { maxInFlight: 2 },
    });
    cleanup.push(() => server.close());
    const ws = await openSocket(server.port, { token: server.token });
    const held = [call(ws, 'getSettings'), call(ws, 'getSettings')];
    await waitFor(() => release.length === 2, 'two calls in flight');
    expect(await call(ws, 'listAgents')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    for (const r of release) r();
    await Promise.all(held);
    expect(await call(ws, 'listAgents')).toMatchObject({ ok: true });
    ws.close();
  });

  it('drop a socket that stops answering pings', async () => {
    const { server } = await start({ limits: { heartbeatMs: 50 } });
    // A hand-made client that completes the handshake and then never answers anything.
    const raw = connect(server.port, '127.0.0.1');
    cleanup.push(() => void raw.destroy());
    raw.on('error', () => undefined);
    raw.write(
      `GET /ws?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await waitFor(() => server.clients() === 1, 'the raw client to connect');
    const live = await openSocket(server.port, { token: server.token });
    await waitFor(() => server.clients() === 1, 'the dead socket to be dropped', 5000);
    expect(await call(live, 'getStatus')).toMatchObject({ ok: true });
    live.close();
  });
});

describe('POST /api/<method>', () => {
  it('answers scripts with a bearer token: result, validation, unknown, malformed, oversized, wrong verb', async () => {
    const { server, engine } = await start();
    const post = (method: string, body: string) =>
      http(server.port, { method: 'POST', path: `/api/${method}`, headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }, body });
    const ok = await post('listAgents', '{"state":"idle"}');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, result: [{ name: 'alice' }, { name: 'bob' }] });
    expect(JSON.parse((await post('getStatus', '')).body)).toMatchObject({ ok: true, result: { shell: 'web' } });
    const bad = await post('sendMessage', '{"target":"alice"}');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect((await post('getAgent', '{"target":"zed"}')).status).toBe(404);
    expect(JSON.parse((await post('nope', '{}')).body)).toEqual({ ok: false, error: { code: 'bad_input', message: 'unknown method "nope"' } });
    expect(JSON.parse((await post('listAgents', '{oops')).body).error.message).toMatch(/^malformed JSON/);
    expect((await post('sendMessage', 'x'.repeat(1_100_000))).status).toBe(413);
    const get = await http(server.port, { path: '/api/listAgents', headers: { Authorization: `Bearer ${server.token}` } });
    expect(get.status).toBe(405);
    expect(engine.calls.map((c) => c.method)).toEqual(['listAgents', 'getStatus', 'getAgent']);
    expect((await post('listAgents', '{}')).status).toBe(200);
  });
});

describe('close()', () => {
  it('closes every socket with 1001, stops listening, unsubscribes, and leaves the engine open', async () => {
    const { server, engine } = await start();
    const ws = await openSocket(server.port, { token: server.token });
    expect(engine.listeners()).toBe(1);
    const done = closed(ws);
    await server.close();
    expect(await done).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(engine.listeners()).toBe(0);
    expect(engine.closed()).toBe(false);
    await expect(http(server.port, { path: '/' })).rejects.toThrow(/ECONNREFUSED/);
    await server.close();
  });
});
