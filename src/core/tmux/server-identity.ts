// One canonical identity for a tmux server: its socket path, resolved by tmux's own rule, plus
// the host for remote servers. `-L work`, `-S /tmp/tmux-1000/work`, a $TMUX naming that socket
// and a symlinked TMUX_TMPDIR all name ONE server and so get ONE identity; every stored row
// that names a pane carries key(), so nothing queued for one server is acted on against another.
//
// tmux's rule (tmux.c, make_label / main): with -S PATH the socket is PATH; otherwise, with no
// -L and $TMUX set (we run inside tmux), the socket is $TMUX up to its first comma; otherwise
// it is `<dir>/tmux-<uid>/<label>` with dir = $TMUX_TMPDIR (when set and non-empty) or /tmp,
// label = the -L name or 'default', and the `tmux-<uid>` directory realpath'd. We also
// realpath the directory of an -S path, so a symlinked spelling is the same server.
//
// A remote server's socket is resolved on that host: without asking it (the sync `of`) a
// remote `-L name`/default is kept as its label (`~/-L name`); `ServerIdentity.ask` asks the
// running server for `#{socket_path}`, which is exact on either side.
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { isLocalHost, LOCAL_HOST as LOCAL } from '../../shared/hosts.js';

/** How a server was named: the shape every caller already has (options, settings, ServerRef). */
export interface ServerNaming {
  /** 'local' (or absent/empty) for this machine, else an ssh destination. */
  host?: string | null;
  /** `-L NAME`; ignored when socketPath is set. */
  socketName?: string | null;
  /** `-S PATH` (wins over socketName). */
  socketPath?: string | null;
}


/** Where tmux looks on this machine: the parts of the environment its rule reads. */
export interface SocketEnv {
  TMUX?: string;
  TMUX_TMPDIR?: string;
}

/** The realpath of `p`'s directory joined with its base name (the socket itself may not exist yet). */
function canonicalFile(p: string): string {
  const abs = resolve(p);
  let dir = dirname(abs);
  try {
    dir = realpathSync(dir);
  } catch {
    // A directory that does not exist (yet): tmux would create tmux-<uid>; keep the spelling.
  }
  return `${dir === '/' ? '' : dir}/${basename(abs)}`;
}

/** The socket path tmux itself would use on this machine for `-S`/`-L`/$TMUX/default. */
export function localSocketPath(n: ServerNaming, env: SocketEnv = process.env, uid: number = process.getuid?.() ?? 0): string {
  if (n.socketPath) return canonicalFile(n.socketPath);
  if (!n.socketName && env.TMUX && !env.TMUX.startsWith(',')) {
    const fromTmux = env.TMUX.split(',')[0]!;
    if (isAbsolute(fromTmux)) return canonicalFile(fromTmux);
  }
  const tmpdir = env.TMUX_TMPDIR && env.TMUX_TMPDIR !== '' ? env.TMUX_TMPDIR : '/tmp';
  return canonicalFile(`${tmpdir}/tmux-${uid}/${n.socketName || 'default'}`);
}

export class ServerIdentity {
  /**
   * @param host 'local' or the ssh destination.
   * @param socketPath The canonical socket path; for a remote server not asked yet, the label
   *   form `~/-L name` or `~/default` (resolved on that host).
   */
  private constructor(
    readonly host: string,
    readonly socketPath: string,
  ) {}

  /** The identity of the server named so, resolved without asking tmux (remote labels stay labels). */
  static of(n: ServerNaming = {}, env: SocketEnv = process.env): ServerIdentity {
    if (isLocalHost(n.host)) return new ServerIdentity(LOCAL, localSocketPath(n, env));
    const where = n.socketPath ? n.socketPath : `~/${n.socketName ? `-L ${n.socketName}` : 'default'}`;
    return new ServerIdentity(n.host!, where);
  }

  /**
   * The identity the running server reports for itself (`#{socket_path}`): exact for remote
   * servers too. `display` runs `tmux display-message -p FORMAT` against that server.
   */
  static async ask(n: ServerNaming, display: (format: string) => Promise<string>): Promise<ServerIdentity> {
    const reported = (await display('#{socket_path}')).trim();
    if (!reported.startsWith('/')) return ServerIdentity.of(n);
    return isLocalHost(n.host)
      ? new ServerIdentity(LOCAL, canonicalFile(reported))
      : new ServerIdentity(n.host!, reported);
  }

  /** Rebuild from key() (what the store holds). Throws on a string that is not a key. */
  static fromKey(key: string): ServerIdentity {
    // The host may hold ':' (an IPv6 address); the socket part starts with '/' or '~'.
    const m = /^(.+?):([/~].*)$/.exec(key);
    if (!m) throw new Error(`not a tmux server key: ${JSON.stringify(key)}`);
    return new ServerIdentity(m[1]!, m[2]!);
  }

  get remote(): boolean {
    return this.host !== LOCAL;
  }

  /** True when the socket path is exact (local, or asked); false for a remote label. */
  get resolved(): boolean {
    return this.socketPath.startsWith('/');
  }

  /** The stored key: `local:/tmp/tmux-1000/default`, `user@box:/tmp/tmux-1000/work`. */
  key(): string {
    return `${this.host}:${this.socketPath}`;
  }

  /** For people: `tmux server /tmp/tmux-1000/work`, `tmux server /tmp/tmux-1000/work on box`. */
  describe(): string {
    const where = this.resolved ? this.socketPath : `(${this.socketPath.slice(2)})`;
    return `tmux server ${where}${this.remote ? ` on ${this.host}` : ''}`;
  }

  /** tmux's arguments that reach exactly this server: `-S PATH` (or the remote label's own). */
  get argv(): string[] {
    if (this.resolved) return ['-S', this.socketPath];
    const label = this.socketPath.slice(2);
    return label === 'default' ? [] : ['-L', label.slice(3)];
  }

  /** How to hand it to code that takes `{ socketName | socketPath }`. */
  naming(): ServerNaming {
    const [flag, value] = this.argv;
    return { host: this.host, ...(flag === '-S' ? { socketPath: value } : flag === '-L' ? { socketName: value } : {}) };
  }

  equals(other: ServerIdentity): boolean {
    return this.key() === other.key();
  }

  toString(): string {
    return this.key();
  }
}
