// What we say to tmux and read back: the `@orc-*` options we keep on tmux objects, and the one
// way fields are printed (a format of several fields) and split again. Fields are separated by
// \x1f (unit separator), which tmux passes through unchanged and which does not occur in names
// in practice; the last field absorbs any stray separator.

/** Every `@orc-*` option, by what it holds. */
export const ORC_OPTION = {
  // Pane tags: what an agent is (set by spawn, or by the person to adopt a pane).
  name: '@orc-name',
  type: '@orc-type',
  role: '@orc-role',
  team: '@orc-team',
  // Pane records of a spawn: how to start it again and where its worktree is.
  cmd: '@orc-cmd',
  cwd: '@orc-cwd',
  env: '@orc-env',
  worktree: '@orc-worktree',
  base: '@orc-base',
  branch: '@orc-branch',
  baseBranch: '@orc-baseBranch',
  // Pane state: the last hook event, and the one-writer lock.
  hook: '@orc-hook',
  lock: '@orc-lock',
  // Server option: which process monitors this server.
  monitor: '@orc-monitor',
} as const;

export type OrcOptionKey = keyof typeof ORC_OPTION;

/** The options spawn records on a pane (tags and records), in the order it sets them. */
export type SpawnTagKey = 'name' | 'type' | 'role' | 'team' | 'cmd' | 'cwd' | 'env' | 'worktree' | 'branch' | 'base' | 'baseBranch';

/** The tags that make a pane an agent, as pane listings and subscriptions read them. */
export const PANE_TAG_FIELDS = [ORC_OPTION.name, ORC_OPTION.type, ORC_OPTION.role, ORC_OPTION.team] as const;

export const FIELD_SEP = '\x1f';

/** A tmux format printing each field (a format variable or an option) separated by FIELD_SEP. */
export function formatOf(fields: readonly string[]): string {
  return fields.map((f) => `#{${f}}`).join(FIELD_SEP);
}

/**
 * The `count` values of one line printed by formatOf() with `count` fields: missing ones are
 * '', and the last absorbs any stray separator.
 */
export function splitFields(line: string, count: number): string[] {
  const f = line.split(FIELD_SEP);
  const out = f.slice(0, count - 1);
  while (out.length < count - 1) out.push('');
  out.push(f.slice(count - 1).join(FIELD_SEP));
  return out;
}
