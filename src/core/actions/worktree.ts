// A git worktree per agent: a new branch checked out under the project, so agents working in
// parallel do not share a working tree. Removed on kill only when it holds no changes.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runProcess } from '../child-process.js';
import { ApiError } from '../../shared/api.js';

export interface Worktree {
  path: string;
  branch: string;
  /** The commit the branch started at (to tell whether it gained commits). */
  base: string;
  /** The branch checked out in the main checkout when it was made ('' when detached): where it merges back. */
  baseBranch: string;
  repo: string;
}

async function git(cwd: string, args: string[]): Promise<{ ok: boolean; out: string; err: string }> {
  const r = await runProcess('git', ['-C', cwd, ...args]);
  return { ok: r.exitCode === 0, out: r.stdout, err: (r.stderr || r.message).trim() };
}

/** Where worktree agents' checkouts live inside the repository (kept out of its status). */
export const WORKTREE_DIR = '.orc-worktrees';

/** Where an agent's worktree lives: `<repo>/.orc-worktrees/<name>`. */
export function worktreePath(repo: string, name: string): string {
  return join(repo, WORKTREE_DIR, name);
}

/** Everything that could make `create` fail, checked without changing anything. */
export async function checkWorktree(cwd: string, branch: string, name: string): Promise<{ repo: string; path: string }> {
  const top = await git(cwd, ['rev-parse', '--show-toplevel']);
  if (!top.ok) throw new ApiError('bad_input', `worktree: ${cwd} is not inside a git repository`);
  const repo = top.out.trim();
  const valid = await git(repo, ['check-ref-format', '--branch', branch]);
  if (!valid.ok) throw new ApiError('bad_input', `worktree: "${branch}" is not a valid branch name`);
  const exists = await git(repo, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`]);
  if (exists.ok) throw new ApiError('conflict', `worktree: branch "${branch}" already exists in ${repo}`);
  const head = await git(repo, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  if (!head.ok) throw new ApiError('bad_input', `worktree: ${repo} has no commits yet`);
  const path = worktreePath(repo, name);
  if (existsSync(path)) throw new ApiError('conflict', `worktree: ${path} already exists`);
  return { repo, path };
}

export async function createWorktree(cwd: string, branch: string, name: string): Promise<Worktree> {
  const { repo, path } = await checkWorktree(cwd, branch, name);
  const base = (await git(repo, ['rev-parse', 'HEAD'])).out.trim();
  const baseBranch = (await git(repo, ['symbolic-ref', '--short', '-q', 'HEAD'])).out.trim();
  await excludeWorktrees(repo);
  const add = await git(repo, ['worktree', 'add', '-b', branch, path, base]);
  if (!add.ok) throw new ApiError('failed', `worktree: git worktree add failed: ${add.err}`);
  return { path, branch, base, baseBranch, repo };
}

/** Keep `.orc-worktrees/` out of the main checkout's status: a line in .git/info/exclude (not the shared .gitignore). */
async function excludeWorktrees(repo: string): Promise<void> {
  const r = await git(repo, ['rev-parse', '--path-format=absolute', '--git-path', 'info/exclude']);
  if (!r.ok) return;
  const file = r.out.trim();
  const line = `/${WORKTREE_DIR}/`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (text.split('\n').some((l) => l.trim() === line)) return;
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${text === '' || text.endsWith('\n') ? '' : '\n'}# tmux-orchestrator: agents' worktrees\n${line}\n`);
}

/**
 * Remove a worktree when it holds nothing: no uncommitted or untracked files and no commits
 * beyond its base (then its branch goes too). Returns why it was kept, or null when removed.
 */
export async function removeWorktreeIfClean(path: string, branch: string, base: string): Promise<string | null> {
  if (!existsSync(path)) return null;
  const status = await git(path, ['status', '--porcelain']);
  if (!status.ok) return `not a worktree any more (${status.err})`;
  if (status.out.trim() !== '') return 'it has uncommitted changes';
  const head = (await git(path, ['rev-parse', 'HEAD'])).out.trim();
  const repo = (await git(path, ['rev-parse', '--git-common-dir'])).out.trim();
  const rm = await git(path, ['worktree', 'remove', path]);
  if (!rm.ok) return `git worktree remove failed: ${rm.err}`;
  // The branch holds the agent's commits: delete it only when it gained none.
  if (branch && base && head === base) await git(join(repo, '..'), ['branch', '-D', branch]).catch(() => undefined);
  return null;
}
