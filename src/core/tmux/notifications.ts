// Control-mode notifications (lines starting with `%` outside a reply block), typed by kind.
// Lines arrive as latin1 strings (one char per byte) so %output payloads can be turned back
// into the exact bytes tmux sent; text fields are decoded from UTF-8 here.

export type TmuxNotification =
  | { kind: 'output'; paneId: string; data: Buffer; /** ms behind, for %extended-output */ ageMs: number | null }
  | { kind: 'pause' | 'continue' | 'pane-mode-changed'; paneId: string }
  | { kind: 'window-add' | 'window-close' | 'unlinked-window-add' | 'unlinked-window-close'; windowId: string }
  | { kind: 'window-renamed' | 'unlinked-window-renamed'; windowId: string; name: string }
  | { kind: 'layout-change'; windowId: string; layout: string }
  | { kind: 'window-pane-changed'; windowId: string; paneId: string }
  | { kind: 'session-changed'; sessionId: string; name: string }
  | { kind: 'client-session-changed'; client: string; sessionId: string; name: string }
  | { kind: 'session-renamed'; name: string }
  | { kind: 'session-window-changed'; sessionId: string; windowId: string }
  | { kind: 'sessions-changed' }
  | { kind: 'exit'; reason: string }
  | { kind: 'other'; name: string; rest: string };

export type NotificationKind = TmuxNotification['kind'];

/** Decode tmux's %output escaping (`\ooo` for bytes < 0x20 and `\`) back to bytes. */
export function decodeOutput(latin1: string): Buffer {
  if (!latin1.includes('\\')) return Buffer.from(latin1, 'latin1');
  const out = Buffer.allocUnsafe(latin1.length);
  let n = 0;
  for (let i = 0; i < latin1.length; i++) {
    const c = latin1.charCodeAt(i);
    if (c === 0x5c && isOctal(latin1, i + 1)) {
      out[n++] = parseInt(latin1.slice(i + 1, i + 4), 8) & 0xff;
      i += 3;
    } else {
      out[n++] = c & 0xff;
    }
  }
  return out.subarray(0, n);
}

function isOctal(s: string, at: number): boolean {
  if (at + 3 > s.length) return false;
  for (let k = at; k < at + 3; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x30 || c > 0x37) return false;
  }
  return true;
}

const utf8 = (latin1: string) => Buffer.from(latin1, 'latin1').toString('utf8');

/** Split off the first `count` space-separated words; the remainder is kept verbatim. */
function words(s: string, count: number): [string[], string] {
  const out: string[] = [];
  let rest = s;
  for (let k = 0; k < count; k++) {
    const sp = rest.indexOf(' ');
    if (sp < 0) {
      out.push(rest);
      rest = '';
    } else {
      out.push(rest.slice(0, sp));
      rest = rest.slice(sp + 1);
    }
  }
  return [out, rest];
}

/** Parse one notification line (latin1, without the newline). */
export function parseNotification(line: string): TmuxNotification {
  const sp = line.indexOf(' ');
  const name = (sp < 0 ? line : line.slice(0, sp)).slice(1);
  const rest = sp < 0 ? '' : line.slice(sp + 1);
  switch (name) {
    case 'output': {
      const [[paneId = ''], data] = words(rest, 1);
      return { kind: 'output', paneId, data: decodeOutput(data), ageMs: null };
    }
    case 'extended-output': {
      // %extended-output %N <age> [reserved…] : data
      const colon = rest.indexOf(' : ');
      const head = colon < 0 ? rest : rest.slice(0, colon);
      const data = colon < 0 ? '' : rest.slice(colon + 3);
      const [[paneId = '', age = '']] = words(head, 2);
      return { kind: 'output', paneId, data: decodeOutput(data), ageMs: Number(age) || 0 };
    }
    case 'pause':
    case 'continue':
    case 'pane-mode-changed':
      return { kind: name, paneId: words(rest, 1)[0][0] ?? '' };
    case 'window-add':
    case 'window-close':
    case 'unlinked-window-add':
    case 'unlinked-window-close':
      return { kind: name, windowId: words(rest, 1)[0][0] ?? '' };
    case 'window-renamed':
    case 'unlinked-window-renamed': {
      const [[windowId = ''], newName] = words(rest, 1);
      return { kind: name, windowId, name: utf8(newName) };
    }
    case 'layout-change': {
      const [[windowId = '', layout = '']] = words(rest, 2);
      return { kind: 'layout-change', windowId, layout };
    }
    case 'window-pane-changed': {
      const [[windowId = '', paneId = '']] = words(rest, 2);
      return { kind: 'window-pane-changed', windowId, paneId };
    }
    case 'session-changed': {
      const [[sessionId = ''], sname] = words(rest, 1);
      return { kind: 'session-changed', sessionId, name: utf8(sname) };
    }
    case 'client-session-changed': {
      const [[client = '', sessionId = ''], sname] = words(rest, 2);
      return { kind: 'client-session-changed', client, sessionId, name: utf8(sname) };
    }
    case 'session-renamed':
      return { kind: 'session-renamed', name: utf8(rest) };
    case 'session-window-changed': {
      const [[sessionId = '', windowId = '']] = words(rest, 2);
      return { kind: 'session-window-changed', sessionId, windowId };
    }
    case 'sessions-changed':
      return { kind: 'sessions-changed' };
    case 'exit':
      return { kind: 'exit', reason: utf8(rest) };
    default:
      return { kind: 'other', name, rest: utf8(rest) };
  }
}
