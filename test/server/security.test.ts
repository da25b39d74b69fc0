// The token, the Origin and the static root: what a stranger (another user on the machine,
// a web page in the person's browser) must not get past.
import { describe, expect, it } from 'vitest';
import { tokenCookieName } from '../../src/server/index.js';
import { resolveStatic } from '../../src/server/static-files.js';
import { ASSET, SECRET, useWebServer } from './fixture.js';
import { call, http, openSocket } from './web-client.js';

const fx = useWebServer();
const bearer = () => ({ Authorization: `Bearer ${fx.server.token}` });

describe('the token', () => {
  it('is required on every HTTP request: none or a wrong one is 401 and runs nothing', async () => {
    const wrong = 'f'.repeat(32);
    const attempts = [
      http(fx.server.port, { path: '/' }),
      http(fx.server.port, { path: `/?token=${wrong}` }),
      http(fx.server.port, { path: `/${ASSET}` }),
      http(fx.server.port, { path: '/', headers: { Cookie: `${tokenCookieName(fx.server.port)}=${wrong}` } }),
      http(fx.server.port, { method: 'POST', path: '/api/sendMessage', body: '{"target":"alice","text":"hi"}' }),
      http(fx.server.port, {
        method: 'POST',
        path: '/api/sendMessage',
        headers: { Authorization: `Bearer ${wrong}` },
        body: '{"target":"alice","text":"hi"}',
      }),
    ];
    for (const r of await Promise.all(attempts)) {
      expect(r.status).toBe(401);
      expect(r.body).toMatch(/token/);
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    expect(fx.engine.calls).toEqual([]);
  });

  it('is required on WebSocket upgrades: none or a wrong one is 401', async () => {
    await expect(openSocket(fx.server.port, {})).rejects.toThrow('HTTP 401');
    await expect(openSocket(fx.server.port, { token: 'f'.repeat(32) })).rejects.toThrow('HTTP 401');
    await expect(
      openSocket(fx.server.port, { headers: { Authorization: 'Bearer nope' } }),
    ).rejects.toThrow('HTTP 401');
    expect(fx.server.clients()).toBe(0);
    expect(fx.engine.calls).toEqual([]);
  });

  it('in the first URL sets an HttpOnly SameSite=Strict cookie that loads the assets and the socket', async () => {
    expect(fx.server.url).toBe(`http://127.0.0.1:${fx.server.port}/?token=${fx.server.token}`);
    const page = await http(fx.server.port, { path: `/?token=${fx.server.token}` });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const setCookie = String(page.headers['set-cookie']);
    expect(setCookie).toContain(`${tokenCookieName(fx.server.port)}=${fx.server.token}`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;

    const asset = await http(fx.server.port, { path: `/${ASSET}`, headers: { Cookie: `other=1; ${cookie}` } });
    expect(asset.status).toBe(200);
    expect(asset.body).toContain('console.log');

    const origin = `http://127.0.0.1:${fx.server.port}`;
    const ws = await openSocket(fx.server.port, { origin, headers: { Cookie: cookie } });
    const reply = await call(ws, 'getStatus');
    expect(reply.ok).toBe(true);
    ws.close();
  });

  it('as a bearer header serves scripts', async () => {
    const r = await http(fx.server.port, { path: '/favicon.svg', headers: bearer() });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('image/svg+xml');
  });
});

describe('the Origin', () => {
  it('of a WebSocket upgrade must be our own: another site is 403', async () => {
    const token = fx.server.token;
    await expect(openSocket(fx.server.port, { token, origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(openSocket(fx.server.port, { token, origin: 'http://127.0.0.1:1' })).rejects.toThrow('HTTP 403');
    for (const origin of [`http://localhost:${fx.server.port}`, `http://127.0.0.1:${fx.server.port}`]) {
      const ws = await openSocket(fx.server.port, { token, origin });
      ws.close();
    }
  });

  it('of a POST must be our own: another site is 403 and runs nothing', async () => {
    const before = fx.engine.calls.length;
    const r = await http(fx.server.port, {
      method: 'POST',
      path: '/api/sendMessage',
      headers: { ...bearer(), Origin: 'http://evil.example', 'Content-Type': 'application/json' },
      body: '{"target":"alice","text":"rm -rf"}',
    });
    expect(r.status).toBe(403);
    expect(fx.engine.calls.length).toBe(before);
  });
});

describe('static files', () => {
  const escapes = [
    '/../secret.txt',
    '/../../../../etc/passwd',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '/escape.txt',
    '/secret.txt%00.html',
    '/%E0%A4%A',
  ];
  it.each(escapes)('never serve anything outside the root: %s', async (path) => {
    const r = await http(fx.server.port, { path, headers: bearer() });
    expect(r.body).not.toContain(SECRET);
    expect(r.body).not.toContain('root:');
    // Either refused, or (a dot-segment the URL parser resolved inside the root) the app's index.
    if (r.status === 200) expect(r.body).toContain('<title>Orc test</title>');
    else expect([400, 404]).toContain(r.status);
  });

  it('resolve raw paths (before any URL normalisation) only inside the root', async () => {
    for (const p of ['/../secret.txt', '../secret.txt', '/assets/../../secret.txt', '/escape.txt', '/a\\..\\..\\secret.txt']) {
      expect((await resolveStatic(fx.root, p)).kind).not.toBe('file');
    }
    const ok = await resolveStatic(fx.root, '/assets/../index.html');
    expect(ok.kind).toBe('file');
  });

  it('have their content types and sane cache headers', async () => {
    const index = await http(fx.server.port, { path: '/', headers: bearer() });
    expect(index.headers['cache-control']).toBe('no-cache');
    const js = await http(fx.server.port, { path: `/${ASSET}`, headers: bearer() });
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toMatch(/immutable/);
    const css = await http(fx.server.port, { path: '/assets/style.css', headers: bearer() });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['cache-control']).toBe('no-cache');
    const again = await http(fx.server.port, { path: `/${ASSET}`, headers: { ...bearer(), 'If-None-Match': String(js.headers.etag) } });
    expect(again.status).toBe(304);
  });

  it('fall back to index.html for app routes, 404 for missing files', async () => {
    const route = await http(fx.server.port, { path: '/agents/alice', headers: bearer() });
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>Orc test</title>');
    const missing = await http(fx.server.port, { path: '/assets/nope.js', headers: bearer() });
    expect(missing.status).toBe(404);
  });

  it('answer HEAD without a body and refuse other methods', async () => {
    const head = await http(fx.server.port, { method: 'HEAD', path: '/', headers: bearer() });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const del = await http(fx.server.port, { method: 'DELETE', path: '/', headers: bearer() });
    expect(del.status).toBe(405);
  });
});
