// The one child-process runner (src/core/child-process.ts), on real programs: what tmux one-shots,
// ssh, git and the control clients rely on. The CLI bundle runs this same file (no alias).
import { describe, expect, it } from 'vitest';
import { runProcess, startProcess } from '../../src/core/child-process.js';

const node = process.execPath;

describe('runProcess', () => {
  it('gives the exit code and the output as text, one final newline removed', async () => {
    const r = await runProcess(node, ['-e', 'process.stdout.write("a\\nb\\n"); process.stderr.write("warn\\n"); process.exit(3)']);
    expect(r).toMatchObject({ exitCode: 3, stdout: 'a\nb', stderr: 'warn', failed: true, timedOut: false, errorCode: undefined });
    expect(r.message).toContain('exit code 3');
    const ok = await runProcess(node, ['-e', 'console.log("ünïcode ✓")']);
    expect(ok).toMatchObject({ exitCode: 0, stdout: 'ünïcode ✓', failed: false, message: '' });
  });

  it('a missing program is a result with its errno, not a throw', async () => {
    const r = await runProcess('orc-no-such-program-xyz', ['x']);
    expect(r).toMatchObject({ exitCode: undefined, errorCode: 'ENOENT', failed: true });
    expect(r.message).toContain('could not run orc-no-such-program-xyz');
  });

  it('kills at the timeout and says so', async () => {
    const r = await runProcess(node, ['-e', 'setTimeout(() => {}, 60_000)'], { timeoutMs: 200 });
    expect(r).toMatchObject({ exitCode: undefined, timedOut: true, failed: true });
    expect(r.message).toContain('timed out after 200 ms');
  });

  it('kills when its signal fires (not a timeout)', async () => {
    const ac = new AbortController();
    const pending = runProcess(node, ['-e', 'setTimeout(() => {}, 60_000)'], { signal: ac.signal, timeoutMs: 60_000 });
    setTimeout(() => ac.abort(), 100);
    const r = await pending;
    expect(r).toMatchObject({ exitCode: undefined, timedOut: false, failed: true });
  });

  it('passes input, environment and directory; stdin is closed without input', async () => {
    const echo = await runProcess(node, ['-e', 'process.stdin.pipe(process.stdout)'], { input: 'typed' });
    expect(echo.stdout).toBe('typed');
    const eof = await runProcess(node, ['-e', 'process.stdin.on("end", () => console.log("eof")).resume()'], { timeoutMs: 10_000 });
    expect(eof.stdout).toBe('eof');
    const env = await runProcess(node, ['-e', 'console.log(process.env.ORC_X ?? "none", process.cwd())'], { env: { ORC_X: 'y' }, cwd: '/' });
    expect(env.stdout).toBe('y /');
  });

  it('keeps all of a large output (over a megabyte)', async () => {
    const r = await runProcess(node, ['-e', 'process.stdout.write("x".repeat(3_000_000))']);
    expect(r.stdout.length).toBe(3_000_000);
  });
});

describe('startProcess', () => {
  it('talks over pipes; a clean exit reports nothing, a kill its signal', async () => {
    const p = startProcess(node, ['-e', 'process.stdin.on("data", (d) => process.stdout.write(String(d).toUpperCase()))']);
    const got = new Promise<string>((resolve) => p.child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
    p.child.stdin.write('hello');
    expect(await got).toBe('HELLO');
    p.child.kill('SIGTERM');
    expect(await p.exited).toContain('killed with SIGTERM');
    const done = startProcess(node, ['-e', '0']);
    expect(await done.exited).toBe('');
  });

  it('a program that cannot start says so', async () => {
    const p = startProcess('orc-no-such-program-xyz', []);
    expect(await p.exited).toMatch(/could not run orc-no-such-program-xyz: ENOENT/);
  });
});
