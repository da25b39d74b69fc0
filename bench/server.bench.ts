// Web server responsiveness: round-trip latency of one call (listAgents over a WebSocket) with
// 0 other clients (baseline), 200 idle clients, and 200 clients receiving a stream of events.
// The 200 clients live in a worker thread so their reading does not share the server's loop.
// Target (issue 10): a request answered in under 100 ms while 200 clients are connected.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { WebSocket } from 'ws';
import { startWebServer } from '../src/server/index.js';
import { agentFixture, createMemoryEngine } from '../test/server/memory-engine.js';
import { median, percentile, type BenchTable } from './lib.js';

const CLIENTS = 200;
const CALLS = 300;
const EVENT_EVERY_MS = 10;
const CALL_GAP_MS = 5;

// CommonJS in the worker: opens N sockets, counts frames, reports when all are open.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { WebSocket } = require('ws');
let open = 0, frames = 0;
const sockets = [];
for (let i = 0; i < workerData.n; i++) {
  const ws = new WebSocket(workerData.url);
  ws.on('open', () => { if (++open === workerData.n) parentPort.postMessage({ open }); });
  ws.on('message', () => frames++);
  sockets.push(ws);
}
parentPort.on('message', () => {
  for (const ws of sockets) ws.terminate();
  parentPort.postMessage({ frames });
});
`;

function connect(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function latencies(ws: WebSocket): Promise<number[]> {
  const out: number[] = [];
  for (let id = 1; id <= CALLS; id++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const onMessage = (data: unknown) => {
        const f = JSON.parse(String(data)) as { id?: number };
        if (f.id !== id) return;
        ws.off('message', onMessage);
        resolve();
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method: 'listAgents', input: {} }));
    });
    out.push(performance.now() - t0);
    // Spaced out so the measurement spans many events, like a person clicking while agents work.
    await new Promise((r) => setTimeout(r, CALL_GAP_MS));
  }
  return out;
}

async function withClients<T>(url: string, n: number, fn: () => Promise<T>): Promise<{ result: T; frames: number }> {
  const worker = new Worker(WORKER, { eval: true, workerData: { url, n } });
  await new Promise((resolve) => worker.once('message', resolve));
  const result = await fn();
  const { frames } = await new Promise<{ frames: number }>((resolve) => {
    worker.once('message', resolve);
    worker.postMessage('stop');
  });
  await worker.terminate();
  return { result, frames };
}

export default async (): Promise<BenchTable[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'orc-bench-web-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>bench</title>');
  const agents = Array.from({ length: 20 }, (_, i) => agentFixture(`agent-${i}`, i));
  const engine = createMemoryEngine(agents);
  const server = await startWebServer({ engine: engine.host, staticDir: dir });
  const wsUrl = `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;
  const probe = await connect(wsUrl);
  await latencies(probe); // warm-up

  const rows: (string | number)[][] = [];
  const row = (name: string, xs: number[], base: number, note: string) =>
    rows.push([name, median(xs), percentile(xs, 95), percentile(xs, 99), Math.max(...xs), median(xs) / base, note]);

  const baseline = await latencies(probe);
  const base = median(baseline);
  row('0 other clients', baseline, base, '');

  const idle = await withClients(wsUrl, CLIENTS, () => latencies(probe));
  row(`${CLIENTS} idle clients`, idle.result, base, '');

  let emitted = 0;
  const emitMs: number[] = [];
  const busy = await withClients(wsUrl, CLIENTS, async () => {
    const timer = setInterval(() => {
      emitted++;
      const t0 = performance.now();
      engine.emit({ type: 'agentChanged', agent: { ...agents[emitted % agents.length]!, since: Date.now() } });
      emitMs.push(performance.now() - t0);
    }, EVENT_EVERY_MS);
    try {
      return await latencies(probe);
    } finally {
      clearInterval(timer);
    }
  });
  row(`${CLIENTS} clients + events`, busy.result, base, `${emitted} events, ${busy.frames} frames delivered; fan-out ${median(emitMs).toFixed(2)} ms median per event`);

  probe.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  return [
    {
      title: `web server: listAgents round-trip over WebSocket (${CALLS} calls ${CALL_GAP_MS} ms apart, ms)`,
      columns: ['scenario', 'median', 'p95', 'p99', 'max', 'x baseline', 'note'],
      rows,
      notes: [
        `events: one agentChanged every ${EVENT_EVERY_MS} ms, fanned out to every client`,
        `target: answered in < 100 ms with ${CLIENTS} clients connected`,
      ],
    },
  ];
};
