// `tmux-orc classify [--type T] [--command CMD] [--dead] FILE|-`: run the screen classifier on
// saved screen text with the pane facts the monitor would have. Prints the state word alone on
// line 1 and the reason on line 2. A saved screen is judged at rest (no output for longer than
// the quiet time); the pane runs CMD (default: the profile's own program), or is dead. A
// fixture file (first line `#fixture {json}`, test/fixtures/screens) brings its own type and
// facts; options given override them.
import { readFile } from 'node:fs/promises';
import { classifyScreen } from '../../core/agents/index.js';
import { AGENT_TYPES, type AgentType } from '../../shared/vocabulary.js';
import type { CliContext } from '../context.js';
import { CliFailure, EXIT_OK, UsageError } from '../errors.js';
import { flag, str } from '../options.js';
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

/** A fixture's header: the profile and the pane facts at capture time. */
interface FixtureHeader {
  type?: string;
  captured?: string;
  facts?: { currentCommand?: string; startCommand?: string; dead?: boolean; deadStatus?: number | null };
}

/** Split off a `#fixture {json}` first line; a screen without one has no header. */
function fixtureHeader(text: string): { header: FixtureHeader; screen: string } {
  if (!text.startsWith('#fixture ')) return { header: {}, screen: text };
  const newline = text.indexOf('\n');
  const first = newline < 0 ? text : text.slice(0, newline);
  try {
    const header = JSON.parse(first.slice('#fixture '.length)) as FixtureHeader;
    return { header: typeof header === 'object' && header ? header : {}, screen: newline < 0 ? '' : text.slice(newline + 1) };
  } catch {
    throw new CliFailure('the first line starts with #fixture but is not #fixture {json}');
  }
}

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const typeOption = str(args, 'type');
  if (typeOption !== undefined && !(AGENT_TYPES as readonly string[]).includes(typeOption)) {
    throw new UsageError(`unknown type "${typeOption}"; use one of ${AGENT_TYPES.join(', ')}`, 'classify');
  }
  const command = str(args, 'command');
  if (command !== undefined && (command.trim() === '' || /[\x00-\x1f]/.test(command))) {
    throw new UsageError('--command: give the program name tmux shows as pane_current_command (e.g. bash, claude, node)', 'classify');
  }
  const { header, screen } = fixtureHeader(await readScreen(args.positionals[0]!));
  const fromHeader = header.type && (AGENT_TYPES as readonly string[]).includes(header.type) ? (header.type as AgentType) : undefined;
  const type = (typeOption as AgentType | undefined) ?? fromHeader ?? 'claude';
  const facts = header.facts ?? {};
  const dead = flag(args, 'dead') || facts.dead === true;
  const c = classifyScreen(type, screen, {
    currentCommand: command ?? facts.currentCommand ?? (type === 'generic' ? 'agent' : type),
    ...(facts.startCommand ? { startCommand: facts.startCommand } : {}),
    dead,
    deadStatus: dead ? (facts.deadStatus ?? null) : null,
    quietMs: QUIET_THRESHOLD_MS * 30,
    quietThresholdMs: QUIET_THRESHOLD_MS,
    now: header.captured ? Date.parse(header.captured) || Date.now() : Date.now(),
  });
  if (ctx.json) ctx.out(JSON.stringify(c));
  else ctx.out(`${c.state}\n${c.reason}`);
  return EXIT_OK;
}
