// One web server per test file over a small static dir and a memory engine; torn down after.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startWebServer, type WebServer, type WebServerOptions } from '../../src/server/index.js';
import { createMemoryEngine, type MemoryEngine } from './memory-engine.js';

export const SECRET = 'TOP-SECRET-OUTSIDE-THE-ROOT';
export const ASSET = 'assets/app-3f9a1c2b.js';

/** A temp dir: `<base>/secret.txt` outside the root, `<base>/www` the root (with a symlink out). */
export function makeStaticDir(): { base: string; root: string } {
  const base = mkdtempSync(join(tmpdir(), 'orc-web-'));
  const root = join(base, 'www');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(base, 'secret.txt'), SECRET);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Orc test</title><div id="root">index</div>');
  writeFileSync(join(root, ASSET), 'console.log("app");');
  writeFileSync(join(root, 'assets', 'style.css'), 'body{}');
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  symlinkSync(join(base, 'secret.txt'), join(root, 'escape.txt'));
  return { base, root };
}

export interface ServerFixture {
  server: WebServer;
  engine: MemoryEngine;
  root: string;
  logs: string[];
}

export function useWebServer(extra: Partial<WebServerOptions> = {}): ServerFixture {
  const fx = {} as ServerFixture;
  let base = '';
  beforeAll(async () => {
    const dirs = makeStaticDir();
    base = dirs.base;
    fx.root = dirs.root;
    fx.engine = createMemoryEngine();
    fx.logs = [];
    fx.server = await startWebServer({ engine: fx.engine.host, staticDir: dirs.root, log: (l) => fx.logs.push(l), ...extra });
  });
  afterAll(async () => {
    await fx.server?.close();
    if (base) rmSync(base, { recursive: true, force: true });
  });
  return fx;
}
