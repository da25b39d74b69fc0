// runOnHost: a program on this machine or on a remote host over ssh, arguments arriving
// literally, exit codes kept, an unreachable host reported with ssh's own words.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSshd, type TestSshd } from '../helpers/sshd.js';
import { skipWithout } from '../helpers/required-tools.js';
import { dirExistsOnHost, runOnHost, type HostTarget } from '../../src/core/hosts/index.js';

// Without sshd this skips (the run says once what to install); under CI=true it fails.
const noSshd = skipWithout('sshd');

describe.skipIf(noSshd)('runOnHost', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orc-remote-exec-'));
  let sshd: TestSshd;
  let remote: HostTarget;
  beforeAll(async () => {
    sshd = await createSshd();
    await sshd.start();
    remote = { host: sshd.host, sshConfig: sshd.configFile };
  });
  afterAll(async () => {
    await sshd?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const awkward = ["it's", 'a b', '$HOME', ';', '`id`', '"q"', '\\', 'ünï 🎉', '-n', ''];

  it('runs locally and remotely alike: arguments literal, exit code and output kept', async () => {
    for (const t of [{ host: 'local' }, remote]) {
      const r = await runOnHost(t, ['sh', '-c', 'printf "%s|" "$@"; echo; echo err >&2; exit 3', 'sh', ...awkward]);
      expect(r).toEqual({ exitCode: 3, stdout: `${awkward.join('|')}|`, stderr: 'err' });
    }
  });

  it('checks a directory on the host', async () => {
    expect(await dirExistsOnHost(remote, dir)).toBe(true);
    expect(await dirExistsOnHost(remote, join(dir, 'missing dir'))).toBe(false);
    expect(await dirExistsOnHost({ host: 'local' }, dir)).toBe(true);
  });

  it('refuses an option posing as a host, and reports an unreachable host with ssh\'s message', async () => {
    await expect(runOnHost({ host: '-oProxyCommand=touch /tmp/orc-pwned' }, ['true'])).rejects.toThrow(/not an ssh destination/);
    await sshd.stop();
    try {
      await expect(runOnHost(remote, ['true'])).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringMatching(new RegExp(`^host ${sshd.host} unreachable: ssh: connect to host 127.0.0.1 port ${sshd.port}: Connection refused`)),
      });
    } finally {
      await sshd.start();
    }
  });
});
