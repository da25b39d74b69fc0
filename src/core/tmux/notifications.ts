// Control-mode notifications (lines starting with `%` outside a reply block), typed by kind.
// %output lines are the bulk of the stream and stay bytes: the payload is kept as tmux escaped
// it (a view of the line, no copy) and decoded only by whoever wants the text (decodeOutput);
// the engine itself only counts it and marks the pane dirty. Other lines arrive as latin1
// strings (one char per byte); their text fields are decoded from UTF-8 here.

export type TmuxNotification =
  | {
      kind: 'output';
      paneId: string;
      /** The payload as tmux escaped it (`\ooo`); decodeOutput gives the bytes, outputLength their count. */
      escaped: Buffer;
      /** ms behind, for %extended-output */
      ageMs: number | null;
    }
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
  /** A format subscription's value changed (`refresh-client -B`); pane-scoped ones name the pane. */
  | { kind: 'subscription-changed'; name: string; sessionId: string; windowId: string; paneId: string; value: string }
  | { kind: 'exit'; reason: string }
  | { kind: 'other'; name: string; rest: string };

export type NotificationKind = TmuxNotification['kind'];

const BACKSLASH = 0x5c;

/** Decode tmux's %output escaping (`\ooo` for bytes < 0x20 and `\`) back to bytes. */
export function decodeOutput(escaped: Buffer | string): Buffer {
  const src = typeof escaped === 'string' ? Buffer.from(escaped, 'latin1') : escaped;
  if (!src.includes(BACKSLASH)) return src;
  const out = Buffer.allocUnsafe(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    if (src[i] === BACKSLASH && isOctal(src, i + 1)) {
      out[n++] = (((src[i + 1]! - 0x30) << 6) | ((src[i + 2]! - 0x30) << 3) | (src[i + 3]! - 0x30)) & 0xff;
      i += 3;
    } else {
      out[n++] = src[i]!;
    }
  }
  return out.subarray(0, n);
}

/** How many bytes an escaped payload stands for, without decoding it. */
export function outputLength(escaped: Buffer): number {
  let n = escaped.length;
  for (let i = escaped.indexOf(BACKSLASH); i >= 0; i = escaped.indexOf(BACKSLASH, i + 1)) {
    if (!isOctal(escaped, i + 1)) continue;
    n -= 3;
    i += 3;
  }
  return n;
}

function isOctal(b: Buffer, at: number): boolean {
  if (at + 3 > b.length) return false;
  for (let k = at; k < at + 3; k++) {
    const c = b[k]!;
    if (c < 0x30 || c > 0x37) return false;
  }
  return true;
}

const OUTPUT = Buffer.from('%output ');
const EXTENDED_OUTPUT = Buffer.from('%extended-output ');
const SPACE = 0x20;

/** Parse a %output or %extended-output line (bytes, no newline) without copying its payload; null for other lines. */
export function parseOutputLine(line: Buffer): TmuxNotification | null {
  if (startsWith(line, OUTPUT)) {
    // %output %N data
    const sp = line.indexOf(SPACE, OUTPUT.length);
    const paneId = line.toString('latin1', OUTPUT.length, sp < 0 ? line.length : sp);
    return { kind: 'output', paneId, escaped: sp < 0 ? Buffer.alloc(0) : line.subarray(sp + 1), ageMs: null };
  }
  if (startsWith(line, EXTENDED_OUTPUT)) {
    // %extended-output %N <age> [reserved…] : data
    const colon = line.indexOf(' : ', EXTENDED_OUTPUT.length);
    const head = line.toString('latin1', EXTENDED_OUTPUT.length, colon < 0 ? line.length : colon);
    const [[paneId = '', age = '']] = words(head, 2);
    return { kind: 'output', paneId, escaped: colon < 0 ? Buffer.alloc(0) : line.subarray(colon + 3), ageMs: Number(age) || 0 };
  }
  return null;
}

function startsWith(b: Buffer, prefix: Buffer): boolean {
  return b.length >= prefix.length && b.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
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
    case 'output':
    case 'extended-output':
      return parseOutputLine(Buffer.from(line, 'latin1'))!;
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
    case 'subscription-changed': {
      // %subscription-changed NAME $S @W INDEX %P [reserved…] : VALUE (the value is not escaped)
      const colon = rest.indexOf(' : ');
      const [[subName = '', sessionId = '', windowId = '', , paneId = '']] = words(colon < 0 ? rest : rest.slice(0, colon), 5);
      return { kind: 'subscription-changed', name: subName, sessionId, windowId, paneId, value: colon < 0 ? '' : utf8(rest.slice(colon + 3)) };
    }
    case 'exit':
      return { kind: 'exit', reason: utf8(rest) };
    default:
      return { kind: 'other', name, rest: utf8(rest) };
  }
}
