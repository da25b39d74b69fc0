// What an agent changed, read from git where the agent runs (this machine, or its host over
// ssh): the files and +/− counts and git's own unified diff against where the agent started
// (the commit recorded at spawn, else HEAD) or, for a worktree agent, against the merge base of
// its branch and the branch it was made from. Untracked files count: they are staged into a
// throw-away index (GIT_INDEX_FILE), never the repository's own. Also the worktree actions:
// commit, merge back (refused with the reason on conflicts) and what a kill would lose.
import type { AgentChanges, ChangedFile, WorktreeStatus } from '../../shared/domain.js';
import { ApiError } from '../../shared/api.js';
import { runOnHost, type HostTarget } from '../hosts/index.js';
import type { PaneInfo } from './pane.js';
import { WORKTREE_DIR } from './worktree.js';

/** The unified diff is cut here (a person reads it; `git diff` has the rest). */
export const MAX_DIFF_BYTES = 2 * 1024 * 1024;
/** Files listed at most. */
export const MAX_FILES = 2_000;

const PATCH_MARK = '\0--orc-patch--\0';

interface GitResult {
  ok: boolean;
  out: string;
  err: string;
}

/** git in `cwd` on the host; a non-zero exit is a result, an unreachable host an error. */
async function git(host: HostTarget, cwd: string, args: readonly string[]): Promise<GitResult> {
  const r = await runOnHost(host, ['git', '-C', cwd, ...args], { timeoutMs: 60_000 });
  return { ok: r.exitCode === 0, out: r.stdout, err: r.stderr.trim() };
}

/** Where the agent works: its worktree, else the directory it was started in, else its current one. */
export function agentDir(info: Pick<PaneInfo, 'orc' | 'cwd'>): string {
  return info.orc.worktree || info.orc.cwd || info.cwd;
}

interface Base {
  repo: string;
  base: string;
  label: string;
  worktree: WorktreeStatus | null;
}

/** What to compare against, or null when `dir` is not in a git repository with commits. */
async function findBase(
  host: HostTarget,
  dir: string,
  info: Pick<PaneInfo, 'orc'>,
): Promise<Base | null> {
  const top = await git(host, dir, ['rev-parse', '--show-toplevel']);
  if (!top.ok) return null;
  const repo = top.out.trim();
  const head = await git(host, repo, ['rev-parse', '--verify', '-q', 'HEAD']);
  if (!head.ok) return null;
  if (info.orc.worktree) {
    const wt = await worktreeStatus(host, info.orc);
    return {
      repo,
      base: wt.mergeBase,
      label: wt.baseBranch
        ? `${wt.baseBranch} (where ${wt.branch} branched off)`
        : 'the commit it started from',
      worktree: wt,
    };
  }
  // The commit recorded at spawn, when it still exists; else the uncommitted changes.
  if (
    info.orc.base &&
    (await git(host, repo, ['cat-file', '-e', `${info.orc.base}^{commit}`])).ok
  ) {
    return {
      repo,
      base: info.orc.base,
      label: `the commit it started from (${info.orc.base.slice(0, 8)})`,
      worktree: null,
    };
  }
  return { repo, base: head.out.trim(), label: 'HEAD (uncommitted changes)', worktree: null };
}

/**
 * The working tree (tracked, and untracked files not ignored) against `base`, through a
 * temporary index next to the real one: the repository's index and files are left untouched.
 */
async function diffAgainst(
  host: HostTarget,
  repo: string,
  base: string,
): Promise<{ numstat: string; patch: string }> {
  const script = [
    'set -e',
    'cd "$1"',
    'idx=$(git rev-parse --git-path "orc-changes-$$.index")',
    'case "$idx" in /*) ;; *) idx="$PWD/$idx" ;; esac',
    'trap \'rm -f "$idx" "$idx.lock"\' EXIT',
    'real=$(git rev-parse --git-path index)',
    'if [ -f "$real" ]; then cp "$real" "$idx"; fi',
    'export GIT_INDEX_FILE="$idx"',
    `git add -A -- . ':(exclude)${WORKTREE_DIR}'`,
    'git diff --cached --numstat -z --no-renames "$2"',
    `printf '${PATCH_MARK.replace(/\0/g, '\\0')}'`,
    'git diff --cached --no-color --no-ext-diff --no-renames "$2" | head -c "$3"',
  ].join('\n');
  const r = await runOnHost(
    host,
    ['sh', '-c', script, 'orc-changes', repo, base, String(MAX_DIFF_BYTES + 1)],
    { timeoutMs: 60_000 },
  );
  if (r.exitCode !== 0)
    throw new ApiError(
      'failed',
      `git diff in ${repo} failed: ${r.stderr.trim() || `exit ${r.exitCode}`}`,
    );
  const at = r.stdout.indexOf(PATCH_MARK);
  return at < 0
    ? { numstat: r.stdout, patch: '' }
    : { numstat: r.stdout.slice(0, at), patch: r.stdout.slice(at + PATCH_MARK.length) };
}

/** `git diff --numstat -z`: "added\tremoved\tpath\0" per file; binary files count "-". */
export function parseNumstat(z: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  for (const entry of z.split('\0')) {
    const m = /^(\d+|-)\t(\d+|-)\t([\s\S]+)$/.exec(entry);
    if (!m) continue;
    const binary = m[1] === '-';
    files.push({
      path: m[3]!,
      added: binary ? 0 : Number(m[1]),
      removed: binary ? 0 : Number(m[2]),
      binary,
    });
  }
  return files;
}

export async function readChanges(
  host: HostTarget,
  agentId: string,
  info: Pick<PaneInfo, 'orc' | 'cwd'>,
  stat: boolean,
): Promise<AgentChanges> {
  const dir = agentDir(info);
  const none: AgentChanges = {
    agentId,
    dir,
    repo: null,
    base: null,
    baseLabel: '',
    worktree: null,
    files: [],
    diff: '',
    truncated: false,
  };
  const b = await findBase(host, dir, info);
  if (!b) return none;
  const { numstat, patch } = await diffAgainst(host, b.repo, b.base);
  const all = parseNumstat(numstat);
  const cut = !stat && Buffer.byteLength(patch) > MAX_DIFF_BYTES;
  return {
    ...none,
    repo: b.repo,
    base: b.base,
    baseLabel: b.label,
    worktree: b.worktree,
    files: all.slice(0, MAX_FILES),
    diff: stat
      ? ''
      : cut
        ? Buffer.from(patch)
            .subarray(0, MAX_DIFF_BYTES)
            .toString('utf8')
            .replace(/\n[^\n]*$/, '\n')
        : patch,
    truncated: cut || all.length > MAX_FILES,
  };
}

/** The main checkout a worktree belongs to. */
async function mainCheckout(host: HostTarget, worktree: string): Promise<string> {
  const common = await git(host, worktree, [
    'rev-parse',
    '--path-format=absolute',
    '--git-common-dir',
  ]);
  if (!common.ok)
    throw new ApiError('failed', `${worktree} is not a git worktree any more: ${common.err}`);
  const dir = common.out.trim();
  const top = await git(host, dir.replace(/\/\.git\/?$/, ''), ['rev-parse', '--show-toplevel']);
  if (!top.ok)
    throw new ApiError('failed', `the repository of ${worktree} has no main checkout (${dir})`);
  return top.out.trim();
}

/** What a worktree holds that is not in its base branch yet. */
/** A worktree agent's state, from the tags its spawn recorded (worktree, branch, base branch and commit). */
export async function worktreeStatus(host: HostTarget, orc: PaneInfo['orc']): Promise<WorktreeStatus> {
  const { worktree: path, branch, baseBranch, base: baseCommit } = orc;
  const status = await git(host, path, ['status', '--porcelain', '--untracked-files=all']);
  if (!status.ok)
    throw new ApiError('failed', `${path} is not a git worktree any more: ${status.err}`);
  const dirtyFiles = status.out.split('\n').filter((l) => l.trim() !== '').length;
  const repo = await mainCheckout(host, path);
  const baseRef =
    baseBranch &&
    (await git(host, repo, ['rev-parse', '--verify', '-q', `refs/heads/${baseBranch}`])).ok
      ? baseBranch
      : '';
  const mergeBase = baseRef
    ? (await git(host, path, ['merge-base', `refs/heads/${baseRef}`, 'HEAD'])).out.trim() ||
      baseCommit
    : baseCommit;
  const ahead = await git(host, path, [
    'rev-list',
    '--count',
    baseRef ? `refs/heads/${baseRef}..HEAD` : `${baseCommit}..HEAD`,
  ]);
  return {
    path,
    repo,
    branch,
    baseBranch: baseRef,
    mergeBase,
    dirtyFiles,
    unmergedCommits: Number(ahead.out.trim()) || 0,
  };
}

/** One line saying what deleting the worktree would lose, or null when nothing. */
export function unsavedWork(wt: WorktreeStatus): string | null {
  const parts: string[] = [];
  if (wt.dirtyFiles)
    parts.push(`${wt.dirtyFiles} uncommitted file${wt.dirtyFiles === 1 ? '' : 's'}`);
  if (wt.unmergedCommits)
    parts.push(
      `${wt.unmergedCommits} commit${wt.unmergedCommits === 1 ? '' : 's'} not merged into ${wt.baseBranch || 'its base'}`,
    );
  return parts.length ? parts.join(' and ') : null;
}

function requireWorktree(info: Pick<PaneInfo, 'orc'>, name: string): void {
  if (!info.orc.worktree)
    throw new ApiError('bad_input', `${name} has no worktree (spawn it with --worktree BRANCH)`);
}

/** Commit everything in the agent's worktree (new files too). */
export async function commitWorktree(
  host: HostTarget,
  info: Pick<PaneInfo, 'orc'>,
  name: string,
  message: string,
): Promise<{ commit: string; files: number }> {
  requireWorktree(info, name);
  const wt = info.orc.worktree;
  const status = await git(host, wt, ['status', '--porcelain', '--untracked-files=all']);
  if (!status.ok)
    throw new ApiError('failed', `${wt} is not a git worktree any more: ${status.err}`);
  const files = status.out.split('\n').filter((l) => l.trim() !== '').length;
  if (files === 0) throw new ApiError('conflict', `${name}: nothing to commit in ${wt}`);
  const add = await git(host, wt, ['add', '-A', '--', '.', `:(exclude)${WORKTREE_DIR}`]);
  if (!add.ok) throw new ApiError('failed', `git add in ${wt} failed: ${add.err}`);
  const commit = await git(host, wt, ['commit', '-q', '--no-verify', '-m', message]);
  if (!commit.ok) {
    await git(host, wt, ['reset', '-q']);
    throw new ApiError(
      'failed',
      `git commit in ${wt} failed: ${commit.err.split('\n').find((l) => l.trim()) ?? 'unknown error'}`,
    );
  }
  return { commit: (await git(host, wt, ['rev-parse', 'HEAD'])).out.trim(), files };
}

/**
 * Merge the agent's branch into its base branch in the main checkout. Refused, changing
 * nothing, when the worktree has uncommitted changes, the main checkout is on another branch or
 * has changes of its own, or the branches conflict (the files are named).
 */
export async function mergeWorktree(
  host: HostTarget,
  info: Pick<PaneInfo, 'orc'>,
  name: string,
): Promise<{ commit: string; baseBranch: string; commits: number }> {
  requireWorktree(info, name);
  const wt = await worktreeStatus(host, info.orc);
  if (!wt.baseBranch)
    throw new ApiError(
      'conflict',
      `${name}: the branch ${info.orc.worktree} was made from is unknown or gone; merge ${wt.branch} by hand`,
    );
  if (wt.dirtyFiles)
    throw new ApiError(
      'conflict',
      `${name}: ${wt.dirtyFiles} uncommitted file${wt.dirtyFiles === 1 ? '' : 's'} in ${wt.path}; commit first`,
    );
  if (wt.unmergedCommits === 0)
    throw new ApiError(
      'conflict',
      `${name}: ${wt.branch} has nothing to merge into ${wt.baseBranch}`,
    );
  const on = (await git(host, wt.repo, ['symbolic-ref', '--short', '-q', 'HEAD'])).out.trim();
  if (on !== wt.baseBranch)
    throw new ApiError(
      'conflict',
      `${name}: the main checkout ${wt.repo} is on ${on || 'a detached HEAD'}, not ${wt.baseBranch}; switch it to ${wt.baseBranch} first`,
    );
  const mine = await git(host, wt.repo, ['status', '--porcelain', '--untracked-files=no']);
  if (mine.out.trim() !== '')
    throw new ApiError(
      'conflict',
      `${name}: the main checkout ${wt.repo} has uncommitted changes; commit or stash them first`,
    );
  // A dry run in git's object store: no checkout is touched when the branches conflict.
  const trial = await git(host, wt.repo, [
    'merge-tree',
    '--write-tree',
    '--name-only',
    '--no-messages',
    `refs/heads/${wt.baseBranch}`,
    `refs/heads/${wt.branch}`,
  ]);
  if (!trial.ok) {
    const files = trial.out.split('\n').slice(1).filter(Boolean);
    if (files.length)
      throw new ApiError(
        'conflict',
        `${name}: merging ${wt.branch} into ${wt.baseBranch} conflicts in ${files.slice(0, 5).join(', ')}${files.length > 5 ? ` and ${files.length - 5} more` : ''}; nothing was merged`,
      );
    throw new ApiError(
      'failed',
      `${name}: git merge-tree failed: ${trial.err || trial.out.trim()}`,
    );
  }
  const merge = await git(host, wt.repo, [
    'merge',
    '--no-ff',
    '--no-edit',
    '-m',
    `Merge branch '${wt.branch}' (agent ${name})`,
    `refs/heads/${wt.branch}`,
  ]);
  if (!merge.ok) {
    await git(host, wt.repo, ['merge', '--abort']);
    throw new ApiError(
      'conflict',
      `${name}: git merge failed, nothing was merged: ${merge.err || merge.out.trim()}`,
    );
  }
  return {
    commit: (await git(host, wt.repo, ['rev-parse', 'HEAD'])).out.trim(),
    baseBranch: wt.baseBranch,
    commits: wt.unmergedCommits,
  };
}

/** Delete a worktree and its branch whatever they hold (the person said so, or it holds nothing). */
export async function discardWorktree(host: HostTarget, wt: WorktreeStatus): Promise<void> {
  const rm = await git(host, wt.repo, ['worktree', 'remove', '--force', wt.path]);
  if (!rm.ok) throw new ApiError('failed', `git worktree remove ${wt.path} failed: ${rm.err}`);
  if (wt.branch) await git(host, wt.repo, ['branch', '-D', wt.branch]);
}
