// What a message may hold: the contract's text schema (src/shared/api.ts uses it for every
// method that types text into an agent), with one clear line for text that would be keys.
import { z } from 'zod';

/** 100 KB of text is the most a message may carry (tmux itself handles it; a person never needs more). */
export const MAX_MESSAGE_BYTES = 100 * 1024;

/**
 * Characters a terminal takes as keys, not text (C0 but newline and tab, DEL, C1): typed into a
 * pane, Ctrl-C interrupts, Ctrl-D ends the agent, ESC starts a sequence. A lone CR is Enter.
 */
const CONTROL_CHAR = /(?:\r(?!\n))|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u0080-\u009f]/;

/** 'U+0003 (Ctrl-C)' for a control character. */
function nameControl(ch: string): string {
  const code = ch.charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0x0d) return `${hex} (carriage return, Enter)`;
  if (code === 0x1b) return `${hex} (Escape)`;
  if (code < 0x20) return `${hex} (Ctrl-${String.fromCharCode(code + 64)})`;
  return hex;
}

export const MessageText = z
  .string()
  .min(1, 'message is empty')
  .refine((s) => s.trim().length > 0, 'message is empty')
  .refine(
    (s) => new TextEncoder().encode(s).length <= MAX_MESSAGE_BYTES,
    `message is larger than ${MAX_MESSAGE_BYTES / 1024} KB`,
  )
  .superRefine((s, ctx) => {
    const m = CONTROL_CHAR.exec(s);
    if (m)
      ctx.addIssue({
        code: 'custom',
        message: `message holds the control character ${nameControl(m[0])} at offset ${m.index}: text may hold newlines and tabs but no keys (send keys with \`keys\` or answer a prompt with \`answer\`)`,
      });
  })
  // Windows line ends are line ends.
  .transform((s) => s.replace(/\r\n/g, '\n'));
