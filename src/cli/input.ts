// Text arguments: TEXT, `-` for stdin, `@FILE` for a file's contents (briefings).
import { readFile } from 'node:fs/promises';
import { CliFailure, UsageError } from './errors.js';

/** A little over the contract's 100 KB, so an oversized message gets the contract's own error. */
const MAX_INPUT_BYTES = 110 * 1024;

export async function readStdinText(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('"-" reads the text from stdin, but stdin is a terminal; pipe the text in');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_INPUT_BYTES) throw new UsageError(`the text on stdin is larger than ${MAX_INPUT_BYTES / 1024} KB`);
    chunks.push(chunk);
  }
  // A trailing newline from `echo` or a file is not part of the message.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** TEXT as given, `-` = stdin. */
export async function textArg(value: string): Promise<string> {
  return value === '-' ? readStdinText() : value;
}

/** TEXT as given, `@FILE` = the file's contents, `-` = stdin. */
export async function textOrFile(value: string, what: string): Promise<string> {
  if (value === '-') return readStdinText();
  if (!value.startsWith('@')) return value;
  const path = value.slice(1);
  try {
    const text = await readFile(path, 'utf8');
    if (Buffer.byteLength(text) > MAX_INPUT_BYTES) throw new UsageError(`${what} file ${path} is larger than ${MAX_INPUT_BYTES / 1024} KB`);
    return text.replace(/\r?\n$/, '');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliFailure(`cannot read ${what} file ${path}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
}
