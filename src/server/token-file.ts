// The serve token, kept between runs: bookmarks and open tabs survive a restart. One 0600 file
// (written beside itself and renamed in, so a crash never leaves half a token); a missing,
// unreadable or malformed file gets a new token, and `rotate` replaces it on purpose.
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkTokenShape, newToken } from './auth.js';

export const TOKEN_FILE_NAME = 'serve-token';

export interface KeptToken {
  token: string;
  /** Whether it was made now (first run, --new-token, or the old file was unusable). */
  created: boolean;
  /** Why an existing file was not used, when it was not. */
  replaced: string | null;
}

function readKept(path: string): { token: string | null; problem: string | null } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { token: null, problem: code === 'ENOENT' ? null : `${path} is not readable (${code})` };
  }
  try {
    checkTokenShape(text);
  } catch {
    return { token: null, problem: `${path} does not hold a token` };
  }
  // Readable by others: tighten it (the token is the dashboard's only lock).
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return { token: text, problem: null };
}

/** The kept token in `dir` (created, 0700, when missing), or a new one when there is none or `rotate`. */
export function keptToken(dir: string, o: { rotate?: boolean } = {}): KeptToken {
  const path = join(dir, TOKEN_FILE_NAME);
  const kept = o.rotate ? { token: null, problem: null } : readKept(path);
  if (kept.token) return { token: kept.token, created: false, replaced: null };
  const token = newToken();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${token}\n`, { mode: 0o600 });
  renameSync(temp, path);
  return { token, created: true, replaced: kept.problem };
}
