// serve's kept token: one 0600 file, the same token on every start until rotated; a damaged
// file gets a new token and says why.
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keptToken, TOKEN_FILE_NAME } from '../../src/server/index.js';

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);

describe('the kept serve token', () => {
  it('is made once (0600 in a 0700 directory), then the same on every start; rotate replaces it', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'orc-token-')), 'config');
    const first = keptToken(dir);
    expect(first).toMatchObject({ created: true, replaced: null });
    expect(mode(join(dir, TOKEN_FILE_NAME))).toBe('600');
    expect(mode(dir)).toBe('700');
    expect(keptToken(dir)).toEqual({ token: first.token, created: false, replaced: null });
    const rotated = keptToken(dir, { rotate: true });
    expect(rotated.token).not.toBe(first.token);
    expect(readFileSync(join(dir, TOKEN_FILE_NAME), 'utf8').trim()).toBe(rotated.token);
  });

  it('a damaged file gets a new token and says so; a readable-by-others one is tightened', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orc-token-'));
    const file = join(dir, TOKEN_FILE_NAME);
    writeFileSync(file, 'not a token!\n');
    const fresh = keptToken(dir);
    expect(fresh.created).toBe(true);
    expect(fresh.replaced).toMatch(/does not hold a token/);
    chmodSync(file, 0o644);
    expect(keptToken(dir).token).toBe(fresh.token);
    expect(mode(file)).toBe('600');
  });
});

describe('log lines', () => {
  it('never carry a token: ours anywhere, any token= value in a URL', async () => {
    const { redactingLog } = await import('../../src/server/web-server.js');
    const lines: string[] = [];
    const log = redactingLog((l) => lines.push(l), 'a'.repeat(32));
    log(`web: GET /assets/x.js?token=${'a'.repeat(32)}&v=1: EISDIR`);
    log(`web: GET /?token=${'b'.repeat(31)}: failed`);
    log(`web: listAgents failed: saw ${'a'.repeat(32)} in a message`);
    expect(lines).toEqual(['web: GET /assets/x.js?token=<token>&v=1: EISDIR', 'web: GET /?token=<token>: failed', 'web: listAgents failed: saw <token> in a message']);
  });
});
