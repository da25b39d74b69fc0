// Qwen Code (0.2x), a fork of Gemini CLI: the same transcript and composer (`>   Type your
// message…` between rules), replies marked `◆︎`, a working line
// `⠋ That's not a bug… (9s · ↓ 15 tokens · esc to cancel)`, `Enter to steer · Ctrl+Q to queue`
// under the composer while a turn runs, and tool approvals / questions drawn over it.
import { GEMINI_PATTERNS, geminiFamily, type GeminiLikePatterns } from './gemini.js';

export const QWEN_PATTERNS: GeminiLikePatterns = {
  ...GEMINI_PATTERNS,
  dialogs: [...GEMINI_PATTERNS.dialogs, /Waiting for user confirmation/i, /Do you want to proceed\?/i],
};

export const classifyQwen = geminiFamily(QWEN_PATTERNS);
