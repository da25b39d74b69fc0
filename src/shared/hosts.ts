// Host names, for every layer: `local` (this machine) or an ssh destination — `box`,
// `user@box`, or a Host alias from the user's ~/.ssh/config (ports, jump hosts and keys belong
// there, not here). A name never holds '/', since `host/…` is how ids and targets name their host.

export const LOCAL_HOST = 'local';

/** This machine: 'local', or no host given. */
export function isLocalHost(host: string | null | undefined): boolean {
  return !host || host === LOCAL_HOST;
}

/** Why `host` is not a usable remote host name, or null when it is. */
export function hostNameProblem(host: string): string | null {
  if (host === '') return 'a host name is empty';
  if (host.length > 255) return `host name longer than 255 characters: ${JSON.stringify(host.slice(0, 40))}…`;
  if (host === LOCAL_HOST) return `"${LOCAL_HOST}" is this machine, not an ssh destination`;
  if (host.startsWith('-')) return `host ${JSON.stringify(host)} starts with "-" (ssh would read it as an option)`;
  if (/[\s\x00-\x1f\x7f]/.test(host)) return `host ${JSON.stringify(host)} holds spaces or control characters`;
  if (host.includes('/')) return `host ${JSON.stringify(host)} holds "/": give host, user@host or a Host alias from ~/.ssh/config (put ports there)`;
  return null;
}

/** `host/target` for display (lists, the board, messages); local targets stay bare. */
export function qualifiedTarget(agent: { host: string; target: string }): string {
  return isLocalHost(agent.host) ? agent.target : `${agent.host}/${agent.target}`;
}
