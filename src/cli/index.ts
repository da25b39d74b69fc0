// tmux-orc: entry point. Keeps start-up cheap: it parses argv with the command table (text
// only) and imports the code of the one command that runs.
import { resolve } from 'node:path';
import { parseCommandLine } from './argv.js';
import { createContext } from './context.js';
import { describeError, EXIT_OK } from './errors.js';
import { commandHelp, globalHelp, groupHelp } from './help.js';
import { defaultDbPath } from '../core/paths.js';
import { serverFromEnv } from './server-env.js';
import { groupMembers } from './spec.js';
import { VERSION } from './version.js';

function stopSignal(): AbortSignal {
  const ctl = new AbortController();
  const stop = () => {
    // A second Ctrl-C while shutting down means "now".
    if (ctl.signal.aborted) process.exit(130);
    ctl.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return ctl.signal;
}

/** ORC_TIMING=1: start-up phases on stderr (ms since the process started), for profiling. */
const timing = process.env.ORC_TIMING === '1';
function mark(what: string): void {
  if (timing) process.stderr.write(`[timing] ${what} ${performance.now().toFixed(1)} ms\n`);
}

async function main(argv: string[]): Promise<number> {
  mark('entry');
  const parsed = parseCommandLine(argv);
  if (parsed.kind === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return EXIT_OK;
  }
  if (parsed.kind === 'help') {
    const text = parsed.command
      ? commandHelp(parsed.command)
      : parsed.group
        ? groupHelp(parsed.group, groupMembers(parsed.group))
        : globalHelp(VERSION);
    process.stdout.write(text);
    return EXIT_OK;
  }
  const { command, args, json } = parsed;
  const given = parsed.globals;
  // No -L/-S: like tmux, use the server this runs inside ($TMUX), else the default one.
  const globals = given.socketName || given.socketPath ? given : { ...given, ...serverFromEnv() };
  // Absolute, so agents spawned from here (which get it as $ORC_DB) find the same file.
  const dbPath = globals.db === undefined ? defaultDbPath() : globals.db === ':memory:' ? globals.db : resolve(globals.db);
  const ctx = createContext(globals, dbPath, json, stopSignal());
  const mod = await command.load();
  mark(`loaded ${command.name}`);
  const code = await mod.run(ctx, args);
  mark(`ran ${command.name}`);
  return code;
}

/** Exit once stdout and stderr have flushed (a pipe reader must get every line). */
function exit(code: number): void {
  process.stdout.write('', () =>
    process.stderr.write('', () => {
      mark('exit');
      process.exit(code);
    }),
  );
}

main(process.argv.slice(2)).then(exit, (err: unknown) => {
  const { code, line } = describeError(err);
  process.stderr.write(`${line}\n`);
  if (process.env.ORC_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  exit(code);
});
