// Starts the loopback model-API stand-in (server.mjs beside this file) as a child process and
// reads back what it was asked. The child exits by itself if this process dies.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const MODEL_API_SERVER = resolve('test/helpers/model-api/server.mjs');

/** One request the stand-in answered (its --log line). */
export interface ModelApiRequest {
  at: number;
  method: string;
  url: string;
  api?: 'anthropic' | 'responses' | 'chat' | 'gemini';
  scenario?: string;
  afterTool?: boolean;
  tools?: string[];
  prompt?: string;
  status?: number | string;
}

export interface ModelApi {
  url: string;
  port: number;
  /** Every request answered so far, oldest first. */
  requests(): ModelApiRequest[];
  stop(): Promise<void>;
}

export async function startModelApi(opts: { idleExitMs?: number } = {}): Promise<ModelApi> {
  const dir = mkdtempSync(join(tmpdir(), 'orc-model-api-'));
  const log = join(dir, 'requests.jsonl');
  const args = [MODEL_API_SERVER, '--log', log, '--idle-exit-ms', String(opts.idleExitMs ?? 10 * 60_000)];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((ok, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', ok);
    child.once('exit', (code) => fail(new Error(`model-API stand-in exited (${code}) before listening`)));
  });
  const { port, url } = JSON.parse(first) as { port: number; url: string };
  return {
    url,
    port,
    requests: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ModelApiRequest)
        : [],
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGTERM');
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
