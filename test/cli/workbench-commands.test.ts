// The agent's workbench from the command line, against a real private tmux server and real git
// repositories: capture with history; diff, commit, merge back and kill of worktree agents.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AgentChanges, PaneCapture } from '../../src/shared/domain.js';
import { FAKE_AGENT } from '../helpers/fake-agent.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { oneLine, runCli } from './run-cli.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-cli-workbench-'));
const db = join(dir, 'orc.db');
const cli = (...args: string[]) => runCli(['-L', server.name, '--db', db, ...args], { env: { ORC_AGENT_CMD_CLAUDE: `node ${FAKE_AGENT}` } });
const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-C', cwd, ...args], { encoding: 'utf8' }).trim();

/** A repository on branch main with one commit (README, app.txt) and a committer identity. */
function makeRepo(name: string): string {
  const repo = join(dir, name);
  mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.name', 'Test');
  git(repo, 'config', 'user.email', 'test@example.com');
  writeFileSync(join(repo, 'README'), 'hello\n');
  writeFileSync(join(repo, 'app.txt'), 'line one\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'init');
  return repo;
}

async function spawn(name: string, repo: string, worktree?: string): Promise<void> {
  const r = await cli('spawn', '--name', name, '--type', 'claude', '--cwd', repo, ...(worktree ? ['--worktree', worktree] : []));
  expect(r.code, r.stderr).toBe(0);
}

describe('tmux-orc capture', () => {
  let pane: string;
  beforeAll(async () => {
    // 500 numbered lines: far more than the 40-row screen, all of them in the pane's history.
    pane = await server.newSession('long', ['sh', '-c', 'seq -f "answer line %g" 1 500; exec sleep 600']);
    await server.waitForScreen(pane, (s) => s.includes('answer line 500'));
  });

  it('without --lines prints the screen only: the first lines are not on it', async () => {
    const r = await cli('capture', pane);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('answer line 500');
    expect(r.stdout).not.toMatch(/^answer line 1$/m);
  });

  it('--lines 1000 prints the history above the screen, from the first of 500 printed lines', async () => {
    const r = await cli('capture', pane, '--lines', '1000');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('answer line 1');
    expect(lines.filter((l) => l.startsWith('answer line '))).toHaveLength(500);
  });

  it('--lines N reaches N lines above the screen; --json says how much history there is', async () => {
    const r = await cli('capture', pane, '--lines', '10', '--json');
    expect(r.code, r.stderr).toBe(0);
    const cap = JSON.parse(r.stdout) as PaneCapture;
    expect(cap.historySize).toBeGreaterThanOrEqual(500 - 40);
    const first = cap.text.split('\n')[0]!;
    // The screen holds the last 39 lines (and an empty one): 10 more above it start at 452.
    expect(first).toBe(`answer line ${500 - (cap.rows - 1) - 10 + 1}`);
  });

  it('--ansi keeps colours', async () => {
    const p = await server.newSession('colour', ['sh', '-c', 'printf "\\033[31mred words\\033[0m\\n"; exec sleep 600']);
    await server.waitForScreen(p, (s) => s.includes('red words'));
    const plain = await cli('capture', p);
    expect(plain.stdout).toContain('red words');
    expect(plain.stdout).not.toContain('\x1b[');
    const ansi = await cli('capture', p, '--ansi');
    expect(ansi.stdout).toMatch(/\x1b\[31mred words/);
  });

  it('a bad --lines is one usage line and exit 2', async () => {
    const r = await cli('capture', pane, '--lines', '20000');
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/--lines must be a whole number from 1 to 10000/);
  });

  it('an unknown target is one clear line', async () => {
    const r = await cli('capture', 'nobody-here');
    expect(r.code).not.toBe(0);
    expect(oneLine(r.stderr)).toMatch(/nobody-here/);
  });
});

describe('tmux-orc diff', () => {
  let repo: string;
  beforeAll(async () => {
    repo = makeRepo('plain');
    await spawn('plain', repo);
    // What the agent does: change a tracked file, add a new one.
    appendFileSync(join(repo, 'app.txt'), 'added by the agent\n');
    writeFileSync(join(repo, 'new.txt'), 'a new file\n');
  });

  it('shows the file the agent changed, with its added line, and its new file', async () => {
    const r = await cli('diff', 'plain');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('diff --git a/app.txt b/app.txt');
    expect(r.stdout).toMatch(/^\+added by the agent$/m);
    expect(r.stdout).toMatch(/^\+a new file$/m);
    // The repository's own index is untouched: the new file is still untracked, nothing staged.
    expect(git(repo, 'diff', '--cached', '--name-only')).toBe('');
    expect(git(repo, 'ls-files', '--others', '--exclude-standard')).toBe('new.txt');
  });

  it('--stat lists files with +/- counts; --json has them too', async () => {
    const r = await cli('diff', 'plain', '--stat');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\+1\s+-0\s+app\.txt/);
    expect(r.stdout).toMatch(/2 files changed, \+2 −0 against the commit it started from/);
    const c = JSON.parse((await cli('diff', 'plain', '--stat', '--json')).stdout) as AgentChanges;
    expect(c.files).toEqual([
      { path: 'app.txt', added: 1, removed: 0, binary: false },
      { path: 'new.txt', added: 1, removed: 0, binary: false },
    ]);
    expect(c.repo).toBe(repo);
  });

  it('an agent outside a git repository: one clear line', async () => {
    const outside = join(dir, 'not-a-repo');
    mkdirSync(outside);
    await spawn('nogit', outside);
    const r = await cli('diff', 'nogit');
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toMatch(/not in a git repository/);
  });
});

describe('worktree agents: commit, merge back, refused merge, kill asks first', () => {
  let repo: string;
  beforeAll(async () => {
    repo = makeRepo('shared');
    await spawn('feat', repo, 'feature/search');
    await spawn('clash', repo, 'feature/clash');
  });
  const wt = (name: string) => join(repo, '.orc-worktrees', name);

  it('the worktree folder is kept out of the main checkout\'s status', () => {
    expect(existsSync(wt('feat'))).toBe(true);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(readFileSync(join(repo, '.git', 'info', 'exclude'), 'utf8')).toContain('/.orc-worktrees/');
  });

  it('diff of a worktree agent is against its base branch; commit, then merge back into main', async () => {
    writeFileSync(join(wt('feat'), 'search.txt'), 'search endpoint\n');
    const d = await cli('diff', 'feat');
    expect(d.stdout).toMatch(/^\+search endpoint$/m);
    const c = await cli('commit', 'feat', '-m', 'Add search');
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/^committed 1 file as [0-9a-f]{12}$/m);
    expect(git(wt('feat'), 'status', '--porcelain')).toBe('');
    // Committed work still shows: the diff is against where the branch left main.
    expect((await cli('diff', 'feat', '--stat')).stdout).toMatch(/search\.txt/);
    const m = await cli('merge', 'feat');
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/^merged 1 commit into main/m);
    expect(readFileSync(join(repo, 'search.txt'), 'utf8')).toBe('search endpoint\n');
    expect(git(repo, 'log', '-1', '--format=%s')).toBe("Merge branch 'feature/search' (agent feat)");
    // Merged: nothing is lost by killing it, so no question; the worktree and branch go.
    const k = await cli('kill', 'feat');
    expect(k.code, k.stderr).toBe(0);
    expect(existsSync(wt('feat'))).toBe(false);
    expect(git(repo, 'branch', '--list', 'feature/search')).toBe('');
  });

  it('a merge that conflicts is refused with the reason, and nothing is merged', async () => {
    writeFileSync(join(wt('clash'), 'README'), 'hello from the agent\n');
    expect((await cli('commit', 'clash', '-m', 'Agent README')).code).toBe(0);
    writeFileSync(join(repo, 'README'), 'hello from the person\n');
    git(repo, 'commit', '-q', '-am', 'Person README');
    const before = git(repo, 'rev-parse', 'HEAD');
    const m = await cli('merge', 'clash');
    expect(m.code).toBe(1);
    expect(oneLine(m.stderr)).toMatch(/merging feature\/clash into main conflicts in README; nothing was merged/);
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(before);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(readFileSync(join(repo, 'README'), 'utf8')).toBe('hello from the person\n');
  });

  it('commit with nothing to commit, or merge with uncommitted work, says why', async () => {
    const c = await cli('commit', 'clash', '-m', 'again');
    expect(c.code).toBe(1);
    expect(oneLine(c.stderr)).toMatch(/nothing to commit/);
    writeFileSync(join(wt('clash'), 'draft.txt'), 'draft\n');
    const m = await cli('merge', 'clash');
    expect(m.code).toBe(1);
    expect(oneLine(m.stderr)).toMatch(/1 uncommitted file in .*; commit first/);
  });

  it('kill of a worktree agent with unsaved work asks first: refused without a flag, then --discard-worktree', async () => {
    const k = await cli('kill', 'clash');
    expect(k.code).toBe(1);
    expect(oneLine(k.stderr)).toMatch(/clash's worktree .* has 1 uncommitted file and 1 commit not merged into main: .*--keep-worktree.*--discard-worktree.*nothing was done/);
    expect((await cli('list', '--names')).stdout).toContain('clash');
    expect(existsSync(join(wt('clash'), 'draft.txt'))).toBe(true);
    const both = await cli('kill', 'clash', '--keep-worktree', '--discard-worktree');
    expect(both.code).toBe(2);
    const d = await cli('kill', 'clash', '--discard-worktree');
    expect(d.code, d.stderr).toBe(0);
    expect(existsSync(wt('clash'))).toBe(false);
    expect(git(repo, 'branch', '--list', 'feature/clash')).toBe('');
  });
});
