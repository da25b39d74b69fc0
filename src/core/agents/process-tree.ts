// The program a pane really runs when a shell sits in front. A pane started through a shell
// (`sh -c 'claude; exec bash'`, a script) shows that shell as `pane_current_command` while the
// agent runs as its child (a non-interactive shell has no job control: the child stays in the
// shell's process group). The process tree tells the two apart; read from /proc, local panes only.
import { readFileSync, readdirSync } from 'node:fs';
import { isShell } from './profiles/common.js';

/** A process tree is a handful of processes deep; a bound keeps a fork bomb from costing us. */
const MAX_VISITED = 64;

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The fields of /proc/PID/stat after `pid (comm)`: [0] state, [1] ppid … [19] start time; none
 * when it is gone. comm may hold spaces and parentheses, so the split is after the last ')'.
 */
function statFields(pid: number): string[] {
  const stat = read(`/proc/${pid}/stat`);
  return stat ? stat.slice(stat.lastIndexOf(')') + 2).split(' ') : [];
}

/** The children of `pid`: the task `children` files under /proc/PID where the kernel has them, else a scan of /proc. */
function childrenOf(pid: number): number[] {
  const tasks = (() => {
    try {
      return readdirSync(`/proc/${pid}/task`);
    } catch {
      return [];
    }
  })();
  const listed = tasks.map((t) => read(`/proc/${pid}/task/${t}/children`));
  if (listed.some((l) => l !== null)) return listed.flatMap((l) => (l ?? '').split(/\s+/).filter(Boolean).map(Number));
  const out: number[] = [];
  for (const entry of (() => {
    try {
      return readdirSync('/proc');
    } catch {
      return [];
    }
  })()) {
    if (!/^\d+$/.test(entry)) continue;
    if (Number(statFields(Number(entry))[1]) === pid) out.push(Number(entry));
  }
  return out;
}

/** The program name of `pid` (its argv[0] base name, as tmux names pane commands), or null. */
function programOf(pid: number): string | null {
  const cmdline = read(`/proc/${pid}/cmdline`);
  const argv0 = cmdline?.split('\0')[0];
  if (argv0) return argv0.split('/').pop() ?? argv0;
  return read(`/proc/${pid}/comm`)?.trim() || null;
}

/**
 * The first program below `pid` (breadth first) that is not a shell, or null when only shells
 * run there (the agent exited) or the tree cannot be read (no /proc, the pane is gone).
 */
export function programUnderShell(pid: number): string | null {
  if (!Number.isInteger(pid) || pid <= 1) return null;
  const queue = childrenOf(pid);
  let visited = 0;
  while (queue.length && visited++ < MAX_VISITED) {
    const child = queue.shift()!;
    const name = programOf(child);
    if (name && !isShell(name)) return name;
    queue.push(...childrenOf(child));
  }
  return null;
}

/** True when `startCommand` runs something through a shell (`sh -c '…'`, a script), not just a shell. */
export function startsThroughShell(startCommand: string | undefined): boolean {
  const words = (startCommand ?? '').trim().replace(/^"|"$/g, '').split(/\s+/).filter(Boolean);
  if (words.length === 0) return false; // the default shell
  if (!isShell(words[0]!)) return true; // a program or a script: a shell in front is its interpreter or its child
  return words.slice(1).some((w) => /^-\w*c$/.test(w) || !w.startsWith('-'));
}

/** A process as seen once: its pid and kernel start time, so a reused pid is never signalled. */
interface SeenProcess {
  pid: number;
  startTime: string;
}

/** Its start time, or null when it is gone or a zombie. */
function startTimeOf(pid: number): string | null {
  const fields = statFields(pid);
  return fields[0] && fields[0] !== 'Z' ? (fields[19] ?? null) : null;
}

/** `pid` and every process below it (breadth first, bounded), as they are now. */
export function processTree(pid: number): SeenProcess[] {
  if (!Number.isInteger(pid) || pid <= 1) return [];
  const out: SeenProcess[] = [];
  const queue = [pid];
  while (queue.length && out.length < MAX_VISITED) {
    const p = queue.shift()!;
    const startTime = startTimeOf(p);
    if (startTime === null) continue;
    out.push({ pid: p, startTime });
    queue.push(...childrenOf(p));
  }
  return out;
}

function stillThere(p: SeenProcess): boolean {
  return startTimeOf(p.pid) === p.startTime;
}

function signal(p: SeenProcess, sig: NodeJS.Signals): void {
  try {
    if (stillThere(p)) process.kill(p.pid, sig);
  } catch {
    /* gone meanwhile, or not ours */
  }
}

/**
 * Make sure the processes of a pane that tmux just closed are gone. tmux ends a pane with SIGHUP,
 * which some agents outlive: Gemini CLI's relaunching parent and its child stay alive, orphaned,
 * hundreds of MB each, forever. Survivors get SIGTERM, then SIGKILL after `graceMs`.
 * Resolves to how many had to be ended.
 */
export async function endProcesses(seen: SeenProcess[], graceMs = 1_000): Promise<number> {
  // SIGHUP's own chance first: most agents are gone within a few ms, and the kill returns then.
  const left = await survivorsAfter(seen, 100);
  for (const p of left) signal(p, 'SIGTERM');
  for (const p of await survivorsAfter(left, graceMs)) signal(p, 'SIGKILL');
  return left.length;
}

/** Those of `seen` still running once they all ended or `ms` passed, whichever comes first. */
async function survivorsAfter(seen: SeenProcess[], ms: number): Promise<SeenProcess[]> {
  const deadline = Date.now() + ms;
  let left = seen.filter(stillThere);
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    left = left.filter(stillThere);
  }
  return left;
}
