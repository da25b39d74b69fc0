// `tmux-orc classify [--type T] FILE|-`: run the screen classifier on saved screen text.
// Prints the state word alone on line 1 and the reason on line 2. A saved screen is judged at
// rest (no output for longer than the quiet time), with the profile's own program running.
import { readFile } from 'node:fs/promises';
import { classifyScreen } from '../../core/agents/classify.js';
import { AGENT_TYPES, type AgentType } from '../../shared/vocabulary.js';
import type { CliContext } from '../context.js';
import { CliFailure, EXIT_OK, UsageError } from '../errors.js';
import { str } from '../options.js';
import type { CommandArgs } from '../spec-types.js';

/** A screen is a few KB; anything past this is scrollback the classifier does not need. */
const MAX_BYTES = 1024 * 1024;
const QUIET_THRESHOLD_MS = 2_000;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    // Keep only the tail: the bottom of a screen is what decides its state.
    while (size > MAX_BYTES && chunks.length > 1) size -= chunks.shift()!.length;
  }
  return tail(Buffer.concat(chunks).toString('utf8'));
}

function tail(text: string): string {
  return text.length > MAX_BYTES ? text.slice(text.length - MAX_BYTES) : text;
}

async function readScreen(source: string): Promise<string> {
  if (source === '-') return readStdin();
  try {
    return tail(await readFile(source, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    throw new CliFailure(`cannot read ${source}: ${why}`);
  }
}

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const t = str(args, 'type') ?? 'claude';
  if (!(AGENT_TYPES as readonly string[]).includes(t)) {
    throw new UsageError(`unknown type "${t}"; use one of ${AGENT_TYPES.join(', ')}`, 'classify');
  }
  const type = t as AgentType;
  const screen = await readScreen(args.positionals[0]!);
  const c = classifyScreen(type, screen, {
    currentCommand: type === 'generic' ? 'agent' : type,
    dead: false,
    quietMs: QUIET_THRESHOLD_MS * 30,
    quietThresholdMs: QUIET_THRESHOLD_MS,
    now: Date.now(),
  });
  if (ctx.json) ctx.out(JSON.stringify(c));
  else ctx.out(`${c.state}\n${c.reason}`);
  return EXIT_OK;
}
