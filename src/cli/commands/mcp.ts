// `tmux-orc mcp`: a Model Context Protocol server on stdin/stdout for agents that drive agents
// (register it with `claude mcp add tmux-orc -- tmux-orc mcp`). It watches the tmux server the
// CLI would (-L/-S, else $TMUX, else the default) and calls the contract like every command.
// Runs until the client closes stdin (or SIGINT/SIGTERM). stdout carries the protocol only:
// warnings go to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { untilAborted, type CliContext } from '../context.js';
import { openEngine, type Call } from '../engine.js';
import { EXIT_OK } from '../errors.js';
import { createMcpServer } from '../mcp/server.js';
import { VERSION } from '../version.js';

type Engine = Awaited<ReturnType<typeof openEngine>>;

/**
 * The engine, opened at the first tool call and kept for the session (a list at 100 agents is
 * then one snapshot, not an engine start). A failed open is that call's error; the next retries.
 */
function lazyEngine(ctx: CliContext): { call: Call; close(): Promise<void> } {
  let opening: Promise<Engine> | null = null;
  const engine = () =>
    (opening ??= openEngine(ctx).catch((err: unknown) => {
      opening = null;
      throw err;
    }));
  return {
    call: async (name, input) => (await engine()).call(name, input),
    async close() {
      const e = await opening?.catch(() => null);
      await e?.orc.close();
    },
  };
}

function untilStdinEnds(): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
}

export async function run(ctx: CliContext): Promise<number> {
  const engine = lazyEngine(ctx);
  const server = createMcpServer(engine.call, VERSION);
  await server.connect(new StdioServerTransport());
  try {
    await Promise.race([untilAborted(ctx.signal), untilStdinEnds()]);
  } finally {
    await server.close();
    await engine.close();
  }
  return EXIT_OK;
}
