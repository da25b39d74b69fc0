// Any text reaches tmux literally: a property test over the quoting (through a paste buffer and
// back from a file written by the server), and text typed into a real pane read back exactly.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { useTmuxServer } from '../../helpers/tmux.js';
import { connectTmux, runTmuxOnce, type TmuxConnection } from '../../../src/core/tmux/index.js';
import { waitFor } from '../../helpers/poll.js';

const server = useTmuxServer();
let conn: TmuxConnection;
const dir = mkdtempSync(join(tmpdir(), 'orc-tmux-text-'));
let fileSeq = 0;

beforeAll(async () => {
  await server.newSession('text');
  conn = connectTmux({ socketName: server.name, commandTimeoutMs: 10_000 });
  await conn.waitConnected(5000);
});
afterAll(() => {
  conn.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Pieces that tmux's parser, the shell or a terminal would interpret. */
const nasty = fc.constantFrom(
  '"', "'", ';', '\\', '$', '$HOME', '#{pane_id}', '#[fg=red]', '\t', '~', '{', '}', '%', '%1', '-', '--', ' ',
  '\\;', ';;', '#', '`', '!', 'é', '日本語', '😀', '👩‍👩‍👧', 'e\u0301', '\u200b',
);
const textArb = (withNewlines: boolean) =>
  fc
    .array(fc.oneof(nasty, fc.string({ unit: 'grapheme', maxLength: 8 }), ...(withNewlines ? [fc.constant('\n')] : [])), {
      maxLength: 30,
    })
    .map((parts) => parts.join(''));

/** Start `cat > file` in raw mode in a new pane, so bytes arrive untouched; resolves pane and file. */
async function rawCatPane(): Promise<{ paneId: string; file: string }> {
  const file = join(dir, `out-${++fileSeq}`);
  const [paneId] = await conn.run([
    'new-window', '-d', '-t', 'text:', '-P', '-F', '#{pane_id}', 'sh', '-c', `stty raw -echo && printf ready && exec cat > '${file}'`,
  ]);
  await waitFor(async () => (await conn.capture(paneId!)).includes('ready'), 'raw cat pane');
  return { paneId: paneId!, file };
}

async function readBack(file: string, expected: string): Promise<string> {
  const want = Buffer.byteLength(expected);
  await waitFor(() => {
    try {
      return statSync(file).size >= want;
    } catch {
      return false;
    }
  }, `${want} bytes in ${file}`);
  return readFileSync(file, 'utf8');
}

describe('quoting property', () => {
  it('any string (quotes, ;, \\, $, #{}, tabs, newlines, control chars, unicode) survives set-buffer exactly', async () => {
    const control = fc.string({ unit: fc.integer({ min: 1, max: 0x1f }).map((c) => String.fromCharCode(c)), maxLength: 4 });
    // Short strings over a small alphabet of parser-significant characters hit bare words too.
    const tokens = fc.string({
      unit: fc.constantFrom('%', 'a', '1', '-', ':', '=', '~', '#', '{', '}', ';', '.', '\\', '$', '"', "'", ' ', '@', '^', ','),
      maxLength: 6,
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(textArb(true), control, tokens, fc.string({ unit: 'binary', maxLength: 40 })), async (s) => {
        const text = s.replace(/\0/g, '');
        fc.pre(text !== '');
        const file = join(dir, `buf-${++fileSeq}`);
        await conn.runAll([
          ['set-buffer', '-b', 'prop', '--', text],
          ['save-buffer', '-b', 'prop', file],
        ]);
        // Lone surrogates cannot be encoded; compare what UTF-8 makes of them.
        expect(readFileSync(file, 'utf8')).toBe(Buffer.from(text, 'utf8').toString('utf8'));
      }),
      { numRuns: 300 },
    );
  });

  it('the one-shot path shares the quoting: trailing ; and friends arrive literally', async () => {
    for (const text of ['ends with;', ';', 'a\\;', '-starts-with-dash', '$HOME "q" \'s\'']) {
      await runTmuxOnce({ socketName: server.name }, ['set-buffer', '-b', 'once', '--', text]);
      expect(await runTmuxOnce({ socketName: server.name }, ['show-buffer', '-b', 'once'])).toEqual([text]);
    }
    await expect(runTmuxOnce({ socketName: server.name }, ['send-keys', '-t', '%9999', 'x'])).rejects.toThrow("can't find pane: %9999");
  });
});

describe('sendText into a pane', () => {
  it('random single-line and multi-line text arrives exactly', async () => {
    await fc.assert(
      fc.asyncProperty(textArb(false), textArb(true), async (line, multi) => {
        fc.pre(line !== '' && multi.includes('\n'));
        const { paneId, file } = await rawCatPane();
        const text = line + '\n' + multi;
        await conn.sendText(paneId, line);
        await conn.sendText(paneId, '\n' + multi);
        expect(await readBack(file, text)).toBe(text);
        await conn.run(['kill-pane', '-t', paneId]);
      }),
      { numRuns: 12 },
    );
  });

  it('100 KB of text (single line, then multi-line) arrives intact, in chunks', async () => {
    const unit = 'quote " apostrophe \' semi ; back \\ dollar $ fmt #{pane_id} tab \t é 😀 日本 ';
    const line = unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000);
    const multi = Array.from({ length: 1500 }, (_, i) => `${i}: ${unit}`).join('\n');
    expect(multi.length).toBeGreaterThan(100_000);
    for (const text of [line, multi]) {
      const { paneId, file } = await rawCatPane();
      await conn.sendText(paneId, text);
      expect(await readBack(file, text)).toBe(text);
      await conn.run(['kill-pane', '-t', paneId]);
    }
  });

  it('multi-line text is one bracketed paste when the program asked for it', async () => {
    const file = join(dir, `bracketed-${++fileSeq}`);
    const [paneId] = await conn.run([
      'new-window', '-d', '-t', 'text:', '-P', '-F', '#{pane_id}', 'sh', '-c',
      `stty raw -echo && printf '\\033[?2004h' && printf ready && exec cat > '${file}'`,
    ]);
    await waitFor(async () => (await conn.capture(paneId!)).includes('ready'), 'bracketed pane');
    await conn.sendText(paneId!, 'one\ntwo');
    expect(await readBack(file, '\x1b[200~one\ntwo\x1b[201~')).toBe('\x1b[200~one\ntwo\x1b[201~');
    // The paste buffer was deleted after use.
    const buffers = await conn.run(['list-buffers', '-F', '#{buffer_name}']);
    expect(buffers.filter((b) => b.startsWith('orc-paste-'))).toEqual([]);
  });
});
