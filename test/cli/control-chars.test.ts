// Text is text: control characters in a message (other than newline and tab) are refused with
// one clear line, and nothing reaches the pane. Seen before: \x04 made the agent exit, \x03
// cleared its input box and killed a plain shell agent.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTmuxServer } from '../helpers/tmux.js';
import { eventually, FAKE, IDLE_FOOTER, received, startFake, type FakeAgent } from './fake-agents.js';
import { oneLine, runCli } from './run-cli.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-cli-ctl-'));
const db = join(dir, 'orc.db');
const env = { ORC_AGENT_CMD_CLAUDE: `node ${FAKE}` };
const cli = (...args: string[]) => runCli(['-L', server.name, '--db', db, ...args], { env });
const cliIn = (input: string, ...args: string[]) => runCli(['-L', server.name, '--db', db, ...args], { env, input });
let ada: FakeAgent;

beforeAll(async () => {
  ada = await startFake(server, 'ctl', 'ada');
});

describe('control characters in text', () => {
  it('\\x03 and \\x04 (argument or stdin) are refused, exit 2, and never reach the pane as keys', async () => {
    // Something in the input box that Ctrl-C would clear.
    await server.tmux('send-keys', '-t', ada.pane, '-l', 'draft');
    await server.waitForScreen(ada.pane, (s) => s.includes('draft'));
    for (const [run, ch] of [
      [() => cli('send', 'ada', 'stop\x03now'), 'U+0003 (Ctrl-C)'],
      [() => cli('send', 'ada', 'bye\x04'), 'U+0004 (Ctrl-D)'],
      [() => cliIn('a\x1b[2J\n', 'send', 'ada', '-'), 'U+001B (Escape)'],
      [() => cli('broadcast', '--all', 'x\x03'), 'U+0003 (Ctrl-C)'],
    ] as const) {
      const r = await run();
      expect(r.code, r.stderr).toBe(2);
      expect(oneLine(r.stderr)).toContain(`control character ${ch}`);
    }
    // The agent still runs with its draft untouched, and received nothing.
    const screen = await server.capture(ada.pane);
    expect(screen).toContain('draft');
    expect(screen).toContain(IDLE_FOOTER);
    expect(received(ada)).toEqual([]);
    expect((await server.tmux('display-message', '-p', '-t', ada.pane, '#{pane_dead} #{pane_current_command}')).trim()).toBe('0 node');
  });

  it('newlines and tabs are text; Windows line ends are line ends', async () => {
    const bob = await startFake(server, 'ctl', 'bob');
    const r = await cliIn('one\r\ntwo\tthree\r\n', 'send', 'bob', '-');
    expect(r.code, r.stderr).toBe(0);
    await eventually(() => received(bob), (m) => m.length === 1);
    expect(received(bob)).toEqual(['one\ntwo\tthree']);
  });
});
