// tmux-orc: entry point. Keeps start-up cheap: parse argv, then import only the command run.
import { VERSION } from './version.js';

const USAGE = `tmux-orc ${VERSION}: run and supervise AI coding agents in tmux

Usage: tmux-orc [-L NAME | -S PATH] [--db PATH] COMMAND [ARGS]

Commands:
  --help       this text
  --version    print the version
`;

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    process.stdout.write(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version' || argv[0] === '-V') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  process.stderr.write(`tmux-orc: unknown command "${argv[0]}"; see tmux-orc --help\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`tmux-orc: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
